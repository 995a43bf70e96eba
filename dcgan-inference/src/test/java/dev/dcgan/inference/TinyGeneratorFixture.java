package dev.dcgan.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Exports a tiny stand-in generator, {@code images = reshape(sigmoid(z @ W), [-1, H, W, C])}, with
 * core-api ops only, so the tests need no trained model.
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
}
