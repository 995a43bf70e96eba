package dev.dcgan.inference;

import static dev.dcgan.inference.SavedModelContract.INPUT_Z;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_IMAGES;
import static dev.dcgan.inference.SavedModelContract.SERVING_DEFAULT;

import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.Signature;
import org.tensorflow.Signature.TensorDescription;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * The sizes a generator works with, read from its {@code serving_default} signature. A dimension
 * the signature leaves unknown is taken from the metadata; the signature wins where both say.
 *
 * @param latentSize width of z
 * @param height image height
 * @param width image width
 * @param channels image channels
 */
record ModelShape(int latentSize, int height, int width, int channels) {

  /** Pixels per image. */
  int imageSize() {
    return height * width * channels;
  }

  static ModelShape resolve(Signature signature, Optional<ModelMetadata> metadata, Path dir)
      throws ModelLoadException {
    TensorDescription z = tensor(signature, true, INPUT_Z, dir);
    TensorDescription images = tensor(signature, false, OUTPUT_IMAGES, dir);
    long[] zDims = dims(z, INPUT_Z, 2, dir);
    long[] imageDims = dims(images, OUTPUT_IMAGES, 4, dir);
    var meta = metadata.orElse(null);
    return new ModelShape(
        pick(zDims[1], meta == null ? null : meta.latentSize(), "latent size (width of z)", dir),
        pick(imageDims[1], meta == null ? null : meta.height(), "image height", dir),
        pick(imageDims[2], meta == null ? null : meta.width(), "image width", dir),
        pick(imageDims[3], meta == null ? null : meta.channels(), "image channels", dir));
  }

  private static TensorDescription tensor(Signature signature, boolean input, String name, Path dir)
      throws ModelLoadException {
    var all = input ? signature.getInputs() : signature.getOutputs();
    TensorDescription d = all.get(name);
    String kind = input ? "input" : "output";
    if (d == null) {
      throw new ModelLoadException(
          "Signature '"
              + SERVING_DEFAULT
              + "' of "
              + dir
              + " has no "
              + kind
              + " '"
              + name
              + "'; its "
              + kind
              + "s are "
              + all.keySet());
    }
    if (d.dataType != DataType.DT_FLOAT) {
      throw new ModelLoadException(
          "Signature '"
              + SERVING_DEFAULT
              + "' of "
              + dir
              + ": "
              + kind
              + " '"
              + name
              + "' is "
              + d.dataType
              + ", expected DT_FLOAT (float32)");
    }
    return d;
  }

  /**
   * The dimensions of {@code d}, all -1 (unknown) when its rank is unknown. TF Java reads an
   * unknown rank as a scalar shape, so rank 0 also counts as unknown.
   */
  private static long[] dims(TensorDescription d, String name, int rank, Path dir)
      throws ModelLoadException {
    Shape shape = d.shape;
    if (shape == null || shape.isUnknown() || shape.numDimensions() == 0) {
      long[] unknown = new long[rank];
      java.util.Arrays.fill(unknown, Shape.UNKNOWN_SIZE);
      return unknown;
    }
    if (shape.numDimensions() != rank) {
      throw new ModelLoadException(
          "Signature '"
              + SERVING_DEFAULT
              + "' of "
              + dir
              + ": '"
              + name
              + "' has shape "
              + shape
              + ", expected rank "
              + rank);
    }
    return shape.asArray();
  }

  private static int pick(long fromSignature, Integer fromMetadata, String what, Path dir)
      throws ModelLoadException {
    if (fromSignature > 0) return Math.toIntExact(fromSignature);
    if (fromMetadata == null) {
      throw new ModelLoadException(
          "Signature '"
              + SERVING_DEFAULT
              + "' of "
              + dir
              + " leaves the "
              + what
              + " unknown and there is no "
              + SavedModelContract.ASSETS_EXTRA
              + "/"
              + SavedModelContract.METADATA_FILE
              + " to read it from");
    }
    if (fromMetadata < 1) {
      throw new ModelLoadException(
          "Signature '"
              + SERVING_DEFAULT
              + "' of "
              + dir
              + " leaves the "
              + what
              + " unknown and the metadata says "
              + fromMetadata);
    }
    return fromMetadata;
  }
}
