package dev.dcgan.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Print;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * Generators as a model author with bad intent would export them: a working {@code z -> images}
 * graph, plus one op that touches files where loading or generating runs it. Built with TensorFlow
 * Java like any export, so the forgery is real: loaded with the check off, the writing ops write.
 */
final class ForgedModels {
  private ForgedModels() {}

  /** The op that touches a file; {@code target} is the file it writes, reads or lists. */
  enum Effect {
    WRITE_FILE("WriteFile") {
      @Override
      Op build(Ops tf, Path target) {
        return tf.io.writeFile(tf.constant(target.toString()), tf.constant("written by a model"));
      }
    },
    READ_FILE("ReadFile") {
      @Override
      Op build(Ops tf, Path target) {
        return tf.io.readFile(tf.constant(target.toString()));
      }
    },
    MATCHING_FILES("MatchingFiles") {
      @Override
      Op build(Ops tf, Path target) {
        return tf.io.matchingFiles(tf.constant(target.getParent() + "/*"));
      }
    },
    PRINT_TO_FILE("PrintV2") {
      @Override
      Op build(Ops tf, Path target) {
        return tf.print(tf.constant("written by a model"), Print.outputStream("file://" + target));
      }
    },
    SAVE_CHECKPOINT("SaveV2") {
      @Override
      Op build(Ops tf, Path target) {
        return tf.train.save(
            tf.constant(target.toString()),
            tf.constant(NdArrays.vectorOfObjects("x")),
            tf.constant(NdArrays.vectorOfObjects("")),
            List.of(tf.constant(1f)));
      }
    };

    final String op;

    Effect(String op) {
      this.op = op;
    }

    /** Whether running it leaves {@code target} behind. */
    boolean writes() {
      return this == WRITE_FILE || this == PRINT_TO_FILE;
    }

    abstract Op build(Ops tf, Path target);
  }

  /** Where the op sits. */
  enum Place {
    /** A control dependency of the {@code serving_default} output: each generate runs it. */
    SIGNATURE,
    /** The MetaGraph's init op ({@code saved_model_main_op}): TensorFlow's loader runs it. */
    INIT_OP,
    /** Inside a library function that the signature calls. */
    FUNCTION
  }

  static final int LATENT = 3;
  static final int SIDE = 2;

  /** Exports a generator z [-1, 3] -> images [-1, 2, 2, 1] with {@code effect} at {@code place}. */
  static Path export(Path dir, Effect effect, Place place, Path target) throws IOException {
    try (var graph = new Graph();
        var session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      var z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, LATENT)));
      var w =
          tf.variable(
              tf.constant(
                  new float[][] {
                    {0.1f, 0.2f, 0.3f, 0.4f}, {0.5f, 0.6f, 0.7f, 0.8f}, {-0.1f, -0.2f, -0.3f, -0.4f}
                  }));
      Operand<TFloat32> logits = tf.linalg.matMul(z, w);
      switch (place) {
        case SIGNATURE ->
            logits = tf.withControlDependencies(effect.build(tf, target)).identity(logits);
        case INIT_OP -> // A NoOp that groups the effect, as TensorFlow's own init ops do.
            tf.withName(INIT_OP_NAME).withControlDependencies(effect.build(tf, target)).noOp();
        case FUNCTION -> logits = callThroughFunction(tf, graph, effect, target, logits);
      }
      var images =
          tf.withName("images").reshape(tf.math.sigmoid(logits), tf.array(-1, SIDE, SIDE, 1));
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
    if (place == Place.INIT_OP) makeInitOp(dir);
    return dir;
  }

  private static final String INIT_OP_NAME = "init_op";

  /** {@code identity(x)} as a library function that runs {@code effect} first. */
  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> callThroughFunction(
      Ops tf, Graph graph, Effect effect, Path target, Operand<TFloat32> x) {
    var function =
        ConcreteFunction.create(
            f -> {
              var in = f.placeholder(TFloat32.class);
              var out = f.withControlDependencies(effect.build(f, target)).identity(in);
              return Signature.builder()
                  .key("pass_through")
                  .input("x", in)
                  .output("y", out)
                  .build();
            });
    graph.attachFunction(function);
    return (Operand<TFloat32>) function.call(tf, x);
  }

  /**
   * Names the node {@link #INIT_OP_NAME} in the {@code saved_model_main_op} collection, where
   * TensorFlow's loader looks for the op to run after restoring the variables.
   */
  private static void makeInitOp(Path dir) throws IOException {
    Path file = dir.resolve(ModelFolders.SAVED_MODEL_FILE);
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(file));
    var builder = model.toBuilder();
    builder
        .getMetaGraphsBuilder(0)
        .putCollectionDef(
            "saved_model_main_op",
            CollectionDef.newBuilder()
                .setNodeList(CollectionDef.NodeList.newBuilder().addValue(INIT_OP_NAME))
                .build());
    Files.write(file, builder.build().toByteArray());
  }
}
