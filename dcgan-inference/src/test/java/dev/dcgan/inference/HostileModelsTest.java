package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.inference.DcganModel.LoadOptions;
import dev.dcgan.inference.ForgedModels.Effect;
import dev.dcgan.inference.ForgedModels.Place;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Model folders made to hurt the loader with allowed ops only, or with files that change under it:
 * a file swapped between the check and the load, links, pipes, absurd shapes, graphs that never
 * end. None may run a refused op, crash the JVM or hang it.
 */
class HostileModelsTest {
  @TempDir Path tmp;

  /** Guards the tests of a hang: without the defences they would block the build forever. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(2);

  @AfterEach
  void removeHook() {
    PrivateModelCopy.beforeTensorFlowLoads = version -> {};
  }

  @Test
  void aModelSwappedBetweenCheckAndLoadIsNotTheOneLoaded() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("victim")).resolve("target.txt");
    Path forged =
        ForgedModels.export(tmp.resolve("forged"), Effect.WRITE_FILE, Place.INIT_OP, target);
    Path model = TinyGeneratorFixture.export(tmp.resolve("model"), ForgedModels.LATENT, 2, 2, 1);
    // After the op check passed the harmless model, its writer puts the forged one in its place.
    PrivateModelCopy.beforeTensorFlowLoads = version -> copyOver(forged, version);

    try (var loaded = DcganModel.load(model)) {
      assertEquals(ForgedModels.LATENT, loaded.latentSize());
    }

    assertTrue(
        Files.exists(model.resolve("variables").resolve("variables.index")), "the swap happened");
    assertFalse(Files.exists(target), "the swapped-in model's WriteFile ran");
  }

  @Test
  void aSymbolicLinkInTheModelFolderIsRefused() throws IOException {
    Path model = TinyGeneratorFixture.export(tmp.resolve("model"), 3, 2, 2, 1);
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere")).resolve("saved_model.pb");
    Files.move(model.resolve("saved_model.pb"), elsewhere);
    Files.createSymbolicLink(model.resolve("saved_model.pb"), elsewhere);

    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(model));

    assertTrue(e.getMessage().contains("saved_model.pb is a symbolic link"), e.getMessage());
  }

  @Test
  void aLinkedModelFolderLoads() throws IOException {
    Path model = TinyGeneratorFixture.export(tmp.resolve("model"), 3, 2, 2, 1);
    Path link = Files.createSymbolicLink(tmp.resolve("link"), model);
    try (var loaded = DcganModel.load(link)) {
      assertEquals(3, loaded.latentSize());
    }
  }

  @Test
  void metadataThatIsAPipeIsRefusedWithoutReadingIt() throws Exception {
    Path model = TinyGeneratorFixture.export(tmp.resolve("model"), 3, 2, 2, 1);
    Path json = model.resolve(SavedModelContract.ASSETS_EXTRA).resolve("dcgan.json");
    Files.delete(json);
    mkfifo(json);

    var e =
        assertTimeoutPreemptively(
            HANG_GUARD, () -> assertThrows(ModelLoadException.class, () -> DcganModel.load(model)));
    assertTrue(e.getMessage().contains(json + " is not a regular file"), e.getMessage());
    var direct =
        assertTimeoutPreemptively(
            HANG_GUARD, () -> assertThrows(IOException.class, () -> ModelMetadata.read(model)));
    assertTrue(direct.getMessage().contains("not a regular file"), direct.getMessage());
  }

  @Test
  void hugeMetadataIsRefused() throws IOException {
    Path model = TinyGeneratorFixture.export(tmp.resolve("model"), 3, 2, 2, 1);
    Path json = model.resolve(SavedModelContract.ASSETS_EXTRA).resolve("dcgan.json");
    String padded =
        Files.readString(json).replaceFirst("\\{", "{\"pad\": \"" + "x".repeat(1 << 20) + "\",");
    Files.writeString(json, padded);

    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(model));

    assertTrue(e.getMessage().contains("holds more than " + (1 << 20) + " bytes"), e.getMessage());
  }

  @Test
  void anAbsurdConstantShapeIsRefusedBeforeTensorFlowSeesIt() throws IOException {
    Path model = TinyGeneratorFixture.export(tmp.resolve("model"), 3, 2, 2, 1);
    // The reshape's shape constant claims 2^31 x 2^31 x 2^31 elements: TensorFlow's shape code
    // aborts the process on a count past int64.
    editGraph(
        model,
        graph -> {
          for (var node : graph.getNodeBuilderList()) {
            if (!node.getOp().equals("Const") || !node.getAttrMap().containsKey("value")) continue;
            var value = node.getAttrMap().get("value").getTensor().toBuilder();
            var huge = TensorShapeProto.newBuilder();
            for (int i = 0; i < 3; i++)
              huge.addDim(TensorShapeProto.Dim.newBuilder().setSize(1L << 31));
            value.setTensorShape(huge);
            node.putAttr("value", AttrValue.newBuilder().setTensor(value).build());
          }
        });

    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(model));

    assertTrue(e.getMessage().contains("claims more than"), e.getMessage());
    assertTrue(e.getMessage().contains("node '"), e.getMessage());
  }

  @Test
  void anAbsurdPlaceholderShapeIsRefused() throws IOException {
    Path model = TinyGeneratorFixture.export(tmp.resolve("model"), 3, 2, 2, 1);
    editGraph(
        model,
        graph -> {
          for (var node : graph.getNodeBuilderList()) {
            if (!node.getOp().equals("Placeholder")) continue;
            var shape =
                TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(-7))
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(3));
            node.putAttr("shape", AttrValue.newBuilder().setShape(shape).build());
          }
        });

    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(model));

    assertTrue(e.getMessage().contains("a dimension of size -7"), e.getMessage());
  }

  @Test
  void aSignatureThatNeverEndsStopsAtTheRunLimit() throws IOException {
    Path model = endless(tmp.resolve("model"), false);
    var options = LoadOptions.defaults().withRunLimit(Duration.ofSeconds(2));

    var e =
        assertTimeoutPreemptively(
            HANG_GUARD,
            () -> assertThrows(ModelLoadException.class, () -> DcganModel.load(model, options)));

    assertTrue(e.getMessage().contains("ran longer than 2 s"), e.getMessage());
    assertTrue(e.getMessage().contains("'serving_default'"), e.getMessage());
  }

  @Test
  void anInitOpThatNeverEndsStopsAtTheRunLimit() throws IOException {
    Path model = endless(tmp.resolve("model"), true);
    var options = LoadOptions.defaults().withRunLimit(Duration.ofSeconds(2));

    var e =
        assertTimeoutPreemptively(
            HANG_GUARD,
            () -> assertThrows(ModelLoadException.class, () -> DcganModel.load(model, options)));

    assertTrue(e.getMessage().contains("restore and init ops ran longer than 2 s"), e.getMessage());
  }

  @Test
  void theEndlessModelsUseAllowedOpsOnly() throws IOException {
    for (boolean inInit : new boolean[] {false, true}) {
      Path model = endless(tmp.resolve("model-" + inInit), inInit);
      var verdict = OpAllowList.check(SavedModelFile.read(model));
      assertTrue(verdict.passed(), verdict.describeRefused());
      assertTrue(verdict.opTypes().contains("LoopCond"), verdict.opTypes().toString());
    }
  }

  @Test
  void missingVariablesIndexNamesTheFile() throws IOException {
    Path model = TinyGeneratorFixture.export(tmp.resolve("model"), 3, 2, 2, 1);
    Path index = model.resolve("variables").resolve("variables.index");
    Files.delete(index);

    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(model));

    assertTrue(e.getMessage().contains("variables are missing or damaged"), e.getMessage());
    assertTrue(e.getMessage().contains(index.toString()), e.getMessage());
  }

  /**
   * A generator z [-1, 3] -> images [-1, 2, 2, 1] with a TF1 while loop whose condition stays true
   * (i < 1 with i + 0 each turn): in the signature's path, or in the init op the loader runs.
   */
  @SuppressWarnings("unchecked")
  static Path endless(Path dir, boolean inInitOp) throws IOException {
    try (var graph = new Graph();
        var session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      var z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      var w =
          tf.variable(
              tf.constant(
                  new float[][] {
                    {0.1f, 0.2f, 0.3f, 0.4f}, {0.5f, 0.6f, 0.7f, 0.8f}, {0.1f, 0.1f, 0.1f, 0.1f}
                  }));
      Output<?>[] loop =
          graph.whileLoop(
              new Output<?>[] {tf.constant(0).asOutput()},
              (cond, in, out) -> {
                Ops c = Ops.create(cond);
                out[0] = c.math.less((Output<TInt32>) in[0], c.constant(1)).z();
              },
              (body, in, out) -> {
                Ops b = Ops.create(body);
                out[0] = b.math.add((Output<TInt32>) in[0], b.constant(0)).z();
              },
              "forever");
      Operand<TFloat32> logits = tf.linalg.matMul(z, w);
      if (inInitOp) {
        tf.withName("init_op").withControlDependencies(tf.identity(loop[0])).noOp();
      } else {
        var zero =
            tf.math.mul(tf.dtypes.cast((Output<TInt32>) loop[0], TFloat32.class), tf.constant(0f));
        logits = tf.math.add(logits, zero);
      }
      var images = tf.withName("images").reshape(tf.math.sigmoid(logits), tf.array(-1, 2, 2, 1));
      SavedModelBundle.exporter(dir.toString())
          .withTags(SavedModelContract.TAG)
          .withSession(session)
          .withSignature(
              Signature.builder()
                  .key(SavedModelContract.SERVING_DEFAULT)
                  .input(SavedModelContract.INPUT_Z, z)
                  .output(SavedModelContract.OUTPUT_IMAGES, images)
                  .build())
          .export();
    }
    if (inInitOp) {
      editModel(
          dir,
          m ->
              m.getMetaGraphsBuilder(0)
                  .putCollectionDef(
                      "saved_model_main_op",
                      CollectionDef.newBuilder()
                          .setNodeList(CollectionDef.NodeList.newBuilder().addValue("init_op"))
                          .build()));
    }
    return dir;
  }

  private static void editGraph(
      Path dir, java.util.function.Consumer<org.tensorflow.proto.GraphDef.Builder> edit)
      throws IOException {
    editModel(dir, m -> edit.accept(m.getMetaGraphsBuilder(0).getGraphDefBuilder()));
  }

  private static void editModel(Path dir, java.util.function.Consumer<SavedModel.Builder> edit)
      throws IOException {
    Path file = dir.resolve(ModelFolders.SAVED_MODEL_FILE);
    var builder = SavedModel.parseFrom(Files.readAllBytes(file)).toBuilder();
    edit.accept(builder);
    Files.write(file, builder.build().toByteArray());
  }

  /** Every file of {@code from} written over the same name in {@code to}. */
  private static void copyOver(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path into = to.resolve(from.relativize(f).toString());
        Files.createDirectories(into.getParent());
        Files.copy(f, into, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mkfifo(Path path) throws IOException, InterruptedException {
    var p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertEquals(0, p.waitFor(), "mkfifo failed");
  }
}
