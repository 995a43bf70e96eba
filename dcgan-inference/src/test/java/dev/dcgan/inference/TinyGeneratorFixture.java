package dev.dcgan.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.TensorArray;
import org.tensorflow.op.core.TensorArrayGather;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Exports a tiny stand-in generator, {@code images = reshape(sigmoid(z @ W), [-1, H, W, C])}, with
 * core-api ops only, so the tests need no trained model; and a tiny class-conditional one that
 * follows {@link SavedModelContract} with both signatures (see {@link Conditional}).
 */
final class TinyGeneratorFixture {
  private TinyGeneratorFixture() {}

  /**
   * What to export. The defaults follow {@link SavedModelContract}; the others make broken models.
   *
   * @param latent width of z
   * @param height image height
   * @param width image width
   * @param channels image channels
   * @param signatureKey key of the exported signature
   * @param inputName signature name of z
   * @param outputName signature name of the images
   * @param unknownDims export z with unknown rank and images as [?, ?, ?, ?]
   * @param metadata written to assets.extra/dcgan.json when not null
   * @param weightSeed seeds W, so two exports can differ
   */
  record Spec(
      int latent,
      int height,
      int width,
      int channels,
      String signatureKey,
      String inputName,
      String outputName,
      boolean unknownDims,
      ModelMetadata metadata,
      long weightSeed) {

    static Spec of(int latent, int height, int width, int channels) {
      return new Spec(
          latent,
          height,
          width,
          channels,
          SavedModelContract.SERVING_DEFAULT,
          SavedModelContract.INPUT_Z,
          SavedModelContract.OUTPUT_IMAGES,
          false,
          TinyGeneratorFixture.metadata(latent, height, width, channels),
          1234);
    }

    Spec withKey(String key) {
      return new Spec(
          latent,
          height,
          width,
          channels,
          key,
          inputName,
          outputName,
          unknownDims,
          metadata,
          weightSeed);
    }

    Spec withNames(String in, String out) {
      return new Spec(
          latent,
          height,
          width,
          channels,
          signatureKey,
          in,
          out,
          unknownDims,
          metadata,
          weightSeed);
    }

    Spec withUnknownDims() {
      return new Spec(
          latent,
          height,
          width,
          channels,
          signatureKey,
          inputName,
          outputName,
          true,
          metadata,
          weightSeed);
    }

    Spec withMetadata(ModelMetadata m) {
      return new Spec(
          latent,
          height,
          width,
          channels,
          signatureKey,
          inputName,
          outputName,
          unknownDims,
          m,
          weightSeed);
    }

    Spec withWeightSeed(long seed) {
      return new Spec(
          latent,
          height,
          width,
          channels,
          signatureKey,
          inputName,
          outputName,
          unknownDims,
          metadata,
          seed);
    }
  }

  static ModelMetadata metadata(int latent, int height, int width, int channels) {
    return new ModelMetadata(
        SavedModelContract.FORMAT_VERSION,
        latent,
        height,
        width,
        channels,
        0f,
        1f,
        "test",
        "tiny",
        1.0,
        10,
        7,
        "2025-01-01T00:00:00Z",
        "test",
        null,
        Map.of("note", "fixture"));
  }

  /** Exports {@code Spec.of(latent, height, width, channels)} to {@code dir}. */
  static Path export(Path dir, int latent, int height, int width, int channels) throws IOException {
    return export(dir, Spec.of(latent, height, width, channels));
  }

  /** Exports {@code spec} as a SavedModel version folder {@code dir}; returns {@code dir}. */
  static Path export(Path dir, Spec spec) throws IOException {
    int pixels = spec.height() * spec.width() * spec.channels();
    try (var graph = new Graph();
        var session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      var z =
          spec.unknownDims()
              ? tf.withName("z").placeholder(TFloat32.class)
              : tf.withName("z")
                  .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latent())));
      var w =
          tf.variable(
              tf.constant(Shape.of(spec.latent(), pixels), DataBuffers.of(weights(spec, pixels))));
      Operand<TInt32> shape = tf.array(-1, spec.height(), spec.width(), spec.channels());
      if (spec.unknownDims()) {
        // Hides the constant from shape inference, so the signature says [?, ?, ?, ?].
        shape =
            tf.placeholderWithDefault(
                tf.array(-1, spec.height(), spec.width(), spec.channels()), Shape.of(4));
      }
      var images = tf.withName("images").reshape(tf.math.sigmoid(tf.linalg.matMul(z, w)), shape);
      SavedModelBundle.exporter(dir.toString())
          .withTags(SavedModelContract.TAG)
          .withSession(session)
          .withSignature(
              Signature.builder()
                  .key(spec.signatureKey())
                  .methodName(SavedModelContract.PREDICT_METHOD)
                  .input(spec.inputName(), z)
                  .output(spec.outputName(), images)
                  .build())
          .export();
    }
    if (spec.metadata() != null) {
      Path extra = Files.createDirectories(dir.resolve(SavedModelContract.ASSETS_EXTRA));
      Files.writeString(extra.resolve(SavedModelContract.METADATA_FILE), spec.metadata().toJson());
    }
    return dir;
  }

  /** Small weights, so sigmoid stays away from saturation and images differ per z. */
  private static float[] weights(Spec spec, int pixels) {
    var random = new Random(spec.weightSeed());
    float[] w = new float[spec.latent() * pixels];
    for (int k = 0; k < w.length; k++) w[k] = (float) (random.nextGaussian() * 0.5);
    return w;
  }

  /** The fixture's output for one row of z, computed in Java: the reference for tests. */
  static float[] expectedImage(Spec spec, float[] z) {
    int pixels = spec.height() * spec.width() * spec.channels();
    float[] w = weights(spec, pixels);
    float[] out = new float[pixels];
    for (int p = 0; p < pixels; p++) {
      double sum = 0;
      for (int j = 0; j < spec.latent(); j++) sum += z[j] * w[j * pixels + p];
      out[p] = (float) (1 / (1 + Math.exp(-sum)));
    }
    return out;
  }

  /**
   * A class-conditional stand-in generator, {@code images = reshape((tanh(z @ W + E[labels]) + 1) /
   * 2, [-1, H, W, C])}, exported as {@link SavedModelContract} describes a conditional model:
   * {@code serving_default} takes z and int64 labels; {@code generate} takes seed, count and class
   * (-1 for classes drawn by {@code StatelessRandomUniformInt([count], [seed, 1], 0, classes)}) and
   * returns uint8 pixels, PNG files and the labels; the metadata has format version 2 and the
   * classes.
   *
   * @param classes the class names written to the metadata; the embedding E has {@code
   *     embeddingRows} rows
   * @param embeddingRows the classes the graph has (normally {@code classes.size()})
   * @param metadata written to assets.extra/dcgan.json when not null
   */
  record Conditional(
      int latent,
      int height,
      int width,
      int channels,
      List<String> classes,
      int embeddingRows,
      ModelMetadata metadata,
      long weightSeed) {

    static Conditional of(int latent, int height, int width, int channels, List<String> classes) {
      return new Conditional(
          latent,
          height,
          width,
          channels,
          classes,
          classes.size(),
          conditionalMetadata(latent, height, width, channels, classes),
          99);
    }

    int pixels() {
      return height * width * channels;
    }

    Conditional withMetadata(ModelMetadata m) {
      return new Conditional(
          latent, height, width, channels, classes, embeddingRows, m, weightSeed);
    }

    Conditional withEmbeddingRows(int rows) {
      return new Conditional(latent, height, width, channels, classes, rows, metadata, weightSeed);
    }
  }

  static ModelMetadata conditionalMetadata(
      int latent, int height, int width, int channels, List<String> classes) {
    var m = metadata(latent, height, width, channels);
    return withFormat(m, SavedModelContract.CONDITIONAL_FORMAT_VERSION, classes);
  }

  /** {@code m} with another format version and classes. */
  static ModelMetadata withFormat(ModelMetadata m, int formatVersion, List<String> classes) {
    return new ModelMetadata(
        formatVersion,
        m.latentSize(),
        m.height(),
        m.width(),
        m.channels(),
        m.valueMin(),
        m.valueMax(),
        m.dataset(),
        m.architecture(),
        m.epochs(),
        m.steps(),
        m.seed(),
        m.exportedAt(),
        m.projectVersion(),
        classes,
        m.extra());
  }

  /** Exports {@code spec} as a SavedModel version folder {@code dir}; returns {@code dir}. */
  static Path export(Path dir, Conditional spec) throws IOException {
    try (var graph = new Graph();
        var session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      var w =
          tf.variable(
              tf.constant(
                  Shape.of(spec.latent(), spec.pixels()),
                  DataBuffers.of(gaussians(spec.weightSeed(), spec.latent() * spec.pixels()))));
      var e =
          tf.variable(
              tf.constant(
                  Shape.of(spec.embeddingRows(), spec.pixels()),
                  DataBuffers.of(
                      gaussians(spec.weightSeed() + 1, spec.embeddingRows() * spec.pixels()))));
      var z =
          tf.withName(SavedModelContract.INPUT_Z)
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latent())));
      var labels =
          tf.withName(SavedModelContract.INPUT_LABELS)
              .placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
      var images =
          tf.withName(SavedModelContract.OUTPUT_IMAGES).identity(draw(tf, w, e, z, labels, spec));
      Signature generate =
          conditionalGenerate(graph, tf.withSubScope(SavedModelContract.GENERATE), w, e, spec);
      SavedModelBundle.exporter(dir.toString())
          .withTags(SavedModelContract.TAG)
          .withSession(session)
          .withSignature(
              Signature.builder()
                  .key(SavedModelContract.SERVING_DEFAULT)
                  .methodName(SavedModelContract.PREDICT_METHOD)
                  .input(SavedModelContract.INPUT_Z, z)
                  .input(SavedModelContract.INPUT_LABELS, labels)
                  .output(SavedModelContract.OUTPUT_IMAGES, images)
                  .build())
          .withSignature(generate)
          .export();
    }
    if (spec.metadata() != null) {
      Path extra = Files.createDirectories(dir.resolve(SavedModelContract.ASSETS_EXTRA));
      Files.writeString(extra.resolve(SavedModelContract.METADATA_FILE), spec.metadata().toJson());
    }
    return dir;
  }

  /** The conditional generator: images in [0, 1], [-1, H, W, C]. */
  private static Operand<TFloat32> draw(
      Ops tf,
      Operand<TFloat32> w,
      Operand<TFloat32> e,
      Operand<TFloat32> z,
      Operand<TInt64> labels,
      Conditional spec) {
    var logits = tf.math.add(tf.linalg.matMul(z, w), tf.gather(e, labels, tf.constant(0)));
    var unit = tf.math.mul(tf.math.add(tf.math.tanh(logits), tf.constant(1f)), tf.constant(0.5f));
    return tf.reshape(unit, tf.array(-1, spec.height(), spec.width(), spec.channels()));
  }

  /**
   * The contract's {@code generate} signature of a conditional model, built as the exporter builds
   * the unconditional one: scalars reshaped (TF Serving's rows send [1]), z stateless from {@code
   * [seed, 0]}, classes from {@code [seed, 1]} when class is -1.
   */
  private static Signature conditionalGenerate(
      Graph graph, Ops tf, Operand<TFloat32> w, Operand<TFloat32> e, Conditional spec) {
    var seed =
        tf.withName(SavedModelContract.INPUT_SEED)
            .placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    var count =
        tf.withName(SavedModelContract.INPUT_COUNT)
            .placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
    var cls =
        tf.withName(SavedModelContract.INPUT_CLASS)
            .placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    Operand<TInt64> seedScalar = tf.reshape(seed, tf.constant(new long[0]));
    Operand<TInt32> n = tf.reshape(count, tf.constant(new long[0]));
    Operand<TInt64> c = tf.reshape(cls, tf.constant(new long[0]));
    var z =
        tf.random.statelessRandomNormal(
            tf.stack(List.of(n, tf.constant(spec.latent()))),
            tf.stack(List.of(seedScalar, tf.constant(0L))));
    var drawn =
        tf.random.statelessRandomUniformInt(
            tf.stack(List.of(n)),
            tf.stack(List.of(seedScalar, tf.constant(1L))),
            tf.constant(0L),
            tf.constant((long) spec.classes().size()));
    var labels =
        tf.withName(SavedModelContract.OUTPUT_LABELS)
            .select(tf.math.less(c, tf.constant(0L)), drawn, tf.fill(tf.stack(List.of(n)), c));
    var images = draw(tf, w, e, z, labels, spec);
    var uint8 =
        tf.withName(SavedModelContract.OUTPUT_IMAGES_UINT8)
            .dtypes
            .cast(
                tf.math.round(
                    tf.clipByValue(
                        tf.math.mul(images, tf.constant(255f)),
                        tf.constant(0f),
                        tf.constant(255f))),
                TUint8.class);
    var png =
        tf.withName(SavedModelContract.OUTPUT_PNG_BYTES).identity(encodePngs(graph, tf, uint8, n));
    return Signature.builder()
        .key(SavedModelContract.GENERATE)
        .methodName(SavedModelContract.PREDICT_METHOD)
        .input(SavedModelContract.INPUT_SEED, seed)
        .input(SavedModelContract.INPUT_COUNT, count)
        .input(SavedModelContract.INPUT_CLASS, cls)
        .output(SavedModelContract.OUTPUT_IMAGES_UINT8, uint8)
        .output(SavedModelContract.OUTPUT_PNG_BYTES, png)
        .output(SavedModelContract.OUTPUT_LABELS, labels)
        .build();
  }

  /**
   * One PNG per image, by an in-graph while loop: the loop dcgan-train's GeneratorExporter builds
   * (this module cannot depend on it), so the fixture has the ops a real export has.
   */
  @SuppressWarnings("unchecked")
  private static Operand<TString> encodePngs(
      Graph graph, Ops tf, Operand<TUint8> images, Operand<TInt32> n) {
    TensorArray array = tf.tensorArray(n, TString.class, TensorArray.elementShape(Shape.scalar()));
    Output<?>[] loop =
        graph.whileLoop(
            new Output<?>[] {
              tf.constant(0).asOutput(),
              n.asOutput(),
              images.asOutput(),
              array.handle(),
              array.flow()
            },
            (cond, in, out) -> {
              Ops c = Ops.create(cond);
              out[0] = c.math.less((Output<TInt32>) in[0], (Output<TInt32>) in[1]).z();
            },
            (body, in, out) -> {
              Ops b = Ops.create(body);
              var i = (Output<TInt32>) in[0];
              var png = b.image.encodePng(b.gather((Output<TUint8>) in[2], i, b.constant(0)));
              out[0] = b.math.add(i, b.constant(1)).z();
              out[1] = b.identity(in[1]).output();
              out[2] = b.identity(in[2]).output();
              out[3] = b.identity(in[3]).output();
              out[4] = b.tensorArrayWrite(in[3], i, png, (Output<TFloat32>) in[4]).flowOut();
            },
            tf.scope().makeOpName("encode_png"));
    return tf.tensorArrayGather(
        loop[3],
        tf.range(tf.constant(0), n, tf.constant(1)),
        (Output<TFloat32>) loop[4],
        TString.class,
        TensorArrayGather.elementShape(Shape.scalar()));
  }

  private static float[] gaussians(long seed, int n) {
    var random = new Random(seed);
    float[] values = new float[n];
    for (int k = 0; k < n; k++) values[k] = (float) (random.nextGaussian() * 0.5);
    return values;
  }

  /** The conditional fixture's output for one row of z and its label, computed in Java. */
  static float[] expectedImage(Conditional spec, float[] z, int label) {
    int pixels = spec.pixels();
    float[] w = gaussians(spec.weightSeed(), spec.latent() * pixels);
    float[] e = gaussians(spec.weightSeed() + 1, spec.embeddingRows() * pixels);
    float[] out = new float[pixels];
    for (int p = 0; p < pixels; p++) {
      double sum = e[label * pixels + p];
      for (int j = 0; j < spec.latent(); j++) sum += z[j] * w[j * pixels + p];
      out[p] = (float) ((Math.tanh(sum) + 1) / 2);
    }
    return out;
  }
}
