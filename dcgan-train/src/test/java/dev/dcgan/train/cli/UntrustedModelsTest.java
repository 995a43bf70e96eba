package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.protobuf.ByteString;
import dev.dcgan.inference.DcganModel.LoadOptions;
import dev.dcgan.inference.ModelFolders;
import dev.dcgan.inference.OpAllowList;
import dev.dcgan.inference.SavedModelFile;
import dev.dcgan.inference.UnsafeModelException;
import dev.dcgan.train.eval.ClassifierModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The commands that load models (generate, inspect, evaluate) refuse one whose ops touch files, and
 * load it with --allow-unsafe-ops; every shipped model passes the check.
 */
class UntrustedModelsTest {
  @TempDir Path tmp;

  /** A shipped model's pinned version folder: a user's export may add versions beside it. */
  private static Path shipped(String name) {
    return switch (name) {
      case "dcgan-mnist" -> dev.dcgan.train.ShippedModels.dcganMnist();
      case "classifier-mnist" -> dev.dcgan.train.ShippedModels.classifierMnist();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Test
  void everyShippedModelPassesTheOpCheck() throws IOException {
    List<Path> models = dev.dcgan.train.ShippedModels.bases();
    assertTrue(models.size() >= 3, "shipped models: " + models);
    for (Path model : models) {
      var verdict = OpAllowList.check(SavedModelFile.read(ModelFolders.resolveVersion(model)));
      assertTrue(verdict.passed(), model + ": " + verdict.describeRefused());
    }
  }

  @Test
  void inspectShowsTheSignaturesOfAForgedModelThenRefusesToLoadIt() throws IOException {
    Path target = tmp.resolve("target.txt");
    Path forged = forge(shipped("dcgan-mnist"), tmp.resolve("forged"), target);

    var r = MainTest.run("inspect", "--model", forged.toString());

    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("input  z: float [-1, 100]"), r.out());
    assertTrue(r.out().contains("some refused"), r.out());
    assertTrue(r.out().contains("refused: WriteFile (node 'forged/write')"), r.out());
    assertTrue(r.err().contains("WriteFile (node 'forged/write')"), r.err());
    assertTrue(r.err().contains("--allow-unsafe-ops"), r.err());
    assertFalse(Files.exists(target));
  }

  @Test
  void inspectWithNoRunDescribesAModelWithoutLoadingIt() throws IOException {
    Path target = tmp.resolve("target.txt");
    Path forged = forge(shipped("dcgan-mnist"), tmp.resolve("forged"), target);

    var r = MainTest.run("inspect", "--model", forged.toString(), "--no-run", "--allow-unsafe-ops");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("input  z: float [-1, 100]"), r.out());
    assertTrue(r.out().contains("refused: WriteFile (node 'forged/write')"), r.out());
    assertTrue(r.out().contains("DCGAN generator: not checked (--no-run"), r.out());
    assertTrue(r.out().contains("\"latentSize\": 100"), r.out());
    assertFalse(Files.exists(target), "inspect --no-run ran the model");
  }

  @Test
  void generateRefusesAForgedModelAndLoadsItWhenTrusted() throws IOException {
    Path target = tmp.resolve("target.txt");
    Path forged = forge(shipped("dcgan-mnist"), tmp.resolve("forged"), target);
    Path grid = tmp.resolve("grid.png");
    String[] args = {"generate", "--model", forged.toString(), "--count", "2", "--out", "" + grid};

    var refused = MainTest.run(args);

    assertEquals(1, refused.code(), refused.out());
    assertTrue(refused.err().contains(forged.resolve("1").toString()), refused.err());
    assertTrue(refused.err().contains("WriteFile"), refused.err());
    assertFalse(Files.exists(target));
    assertFalse(Files.exists(grid));

    var trusted =
        MainTest.run(
            Stream.concat(Stream.of(args), Stream.of("--allow-unsafe-ops")).toArray(String[]::new));

    assertEquals(0, trusted.code(), trusted.err());
    assertTrue(Files.exists(grid));
    assertEquals("written by a model", Files.readString(target), "the forged init op ran");
  }

  @Test
  void evaluateRefusesAForgedClassifier() throws IOException {
    Path target = tmp.resolve("target.txt");
    Path forged = forge(shipped("classifier-mnist"), tmp.resolve("forged"), target);

    var r =
        MainTest.run(
            "evaluate",
            "--model",
            shipped("dcgan-mnist").toString(),
            "--classifier",
            forged.toString(),
            "--count",
            "2");

    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains("WriteFile"), r.err());
    assertFalse(Files.exists(target));
    // The same classifier, trusted, loads, and its init op writes.
    try (var c = ClassifierModel.load(forged, LoadOptions.defaults().allowUnsafeOps())) {
      assertEquals(10, c.classes());
    }
    assertTrue(Files.exists(target));
  }

  @Test
  void classifierLoadRefusesAForgedClassifier() throws IOException {
    Path target = tmp.resolve("target.txt");
    Path forged = forge(shipped("classifier-mnist"), tmp.resolve("forged"), target);

    var e = assertThrows(UnsafeModelException.class, () -> ClassifierModel.load(forged));

    assertEquals(java.util.Set.of("WriteFile"), e.refusedOps());
    assertFalse(Files.exists(target));
  }

  @Test
  void inspectDescribesAClassifier() {
    var r = MainTest.run("inspect", "--model", shipped("classifier-mnist").toString());

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("tags: [serve]"), r.out());
    assertTrue(r.out().contains("input  images: float [-1, 28, 28, 1] (images:0)"), r.out());
    assertTrue(r.out().contains("output logits: float [-1, 10]"), r.out());
    assertTrue(r.out().contains("output features: float [-1, 128]"), r.out());
    assertTrue(r.out().contains("all on the allow-list"), r.out());
    assertTrue(r.out().contains("DCGAN generator: no; "), r.out());
    assertTrue(r.out().contains("has no input 'z'"), r.out());
  }

  /**
   * Copies a shipped model to {@code into/1} and edits its {@code saved_model.pb} as an attacker
   * would: a WriteFile of {@code target}, run by the loader as the init op.
   */
  static Path forge(Path shipped, Path into, Path target) throws IOException {
    Path from = ModelFolders.resolveVersion(shipped);
    Path version = into.resolve("1");
    Files.createDirectories(into);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, version.resolve(from.relativize(p).toString()));
      }
    }
    Path file = version.resolve("saved_model.pb");
    var model = SavedModel.parseFrom(Files.readAllBytes(file)).toBuilder();
    var metaGraph = model.getMetaGraphsBuilder(0);
    metaGraph
        .getGraphDefBuilder()
        .addNode(stringConstant("forged/path", target.toString()))
        .addNode(stringConstant("forged/contents", "written by a model"))
        .addNode(
            NodeDef.newBuilder()
                .setName("forged/write")
                .setOp("WriteFile")
                .addInput("forged/path")
                .addInput("forged/contents"));
    metaGraph.putCollectionDef(
        "saved_model_main_op",
        CollectionDef.newBuilder()
            .setNodeList(CollectionDef.NodeList.newBuilder().addValue("forged/write"))
            .build());
    Files.write(file, model.build().toByteArray());
    return into;
  }

  private static NodeDef stringConstant(String name, String value) {
    var tensor =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_STRING)
            .setTensorShape(TensorShapeProto.getDefaultInstance())
            .addStringVal(ByteString.copyFromUtf8(value));
    return NodeDef.newBuilder()
        .setName(name)
        .setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build())
        .build();
  }
}
