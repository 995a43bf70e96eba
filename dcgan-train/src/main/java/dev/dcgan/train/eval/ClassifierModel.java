package dev.dcgan.train.eval;

import dev.dcgan.inference.DcganModel.LoadOptions;
import dev.dcgan.inference.ModelFolders;
import dev.dcgan.inference.ModelLoadException;
import dev.dcgan.inference.PrivateModelCopy;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.data.ImageDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A classifier SavedModel as {@link ClassifierTrainer} exports it: signature {@code
 * serving_default} takes {@code images} float32 [-1, H, W, C] in [0, 1] and gives {@code logits}
 * [-1, classes] and {@code features} [-1, featureWidth] (the penultimate layer). Sizes come from
 * the signature; the metadata ({@code assets.extra/classifier.json}) is optional.
 */
public final class ClassifierModel implements AutoCloseable {
  public static final String INPUT_IMAGES = "images";
  public static final String OUTPUT_LOGITS = "logits";
  public static final String OUTPUT_FEATURES = "features";

  /** Images per Session.run, so memory stays bounded. */
  static final int BATCH = 500;

  /** Per image: the logits and the features, widened to float64 for the statistics. */
  public record Outputs(double[][] logits, double[][] features) {
    /** The arg-max class of every image. */
    public int[] predictions() {
      int[] p = new int[logits.length];
      for (int i = 0; i < logits.length; i++) {
        int best = 0;
        for (int k = 1; k < logits[i].length; k++) if (logits[i][k] > logits[i][best]) best = k;
        p[i] = best;
      }
      return p;
    }

    /** Share of images whose prediction is their label. */
    public double accuracy(int[] labels) {
      if (labels.length != logits.length) {
        throw new IllegalArgumentException(
            labels.length + " labels for " + logits.length + " images");
      }
      int[] p = predictions();
      int right = 0;
      for (int i = 0; i < p.length; i++) if (p[i] == labels[i]) right++;
      return (double) right / p.length;
    }
  }

  /** Copies images [start, start + n) as floats in [0, 1] into {@code into}. */
  private interface Pixels {
    void copy(int start, int n, float[] into);
  }

  private final SavedModelBundle bundle;
  private final Output<?> images;
  private final Output<?> logits;
  private final Output<?> features;
  private final int height;
  private final int width;
  private final int channels;
  private final int classes;
  private final int featureWidth;
  private final Optional<ClassifierMetadata> metadata;
  private final Path directory;

  private ClassifierModel(
      SavedModelBundle bundle,
      Signature signature,
      Optional<ClassifierMetadata> metadata,
      Path directory)
      throws ModelLoadException {
    this.bundle = bundle;
    this.metadata = metadata;
    this.directory = directory;
    long[] in = dims(signature, true, INPUT_IMAGES, 4, directory);
    long[] l = dims(signature, false, OUTPUT_LOGITS, 2, directory);
    long[] f = dims(signature, false, OUTPUT_FEATURES, 2, directory);
    height = (int) in[1];
    width = (int) in[2];
    channels = (int) in[3];
    classes = (int) l[1];
    featureWidth = (int) f[1];
    images = bundle.graph().outputOrThrow(signature.getInputs().get(INPUT_IMAGES).name);
    logits = bundle.graph().outputOrThrow(signature.getOutputs().get(OUTPUT_LOGITS).name);
    features = bundle.graph().outputOrThrow(signature.getOutputs().get(OUTPUT_FEATURES).name);
  }

  /**
   * Loads a classifier whose ops are all on the {@link OpAllowList}.
   *
   * @param dir a version folder, or a base folder in TF Serving's layout (its highest version)
   * @throws ModelLoadException if it is missing, not a SavedModel, holds ops outside the
   *     allow-list, or is not a classifier of this contract
   */
  public static ClassifierModel load(Path dir) throws IOException {
    return load(dir, LoadOptions.defaults());
  }

  /**
   * Loads a classifier, checking its ops unless {@code options} allow any.
   *
   * @param dir a version folder, or a base folder in TF Serving's layout (its highest version)
   * @param options the generator's load options, which apply to classifiers alike
   * @throws ModelLoadException if it is missing, not a SavedModel, holds ops {@code options} do not
   *     allow, or is not a classifier of this contract
   */
  public static ClassifierModel load(Path dir, LoadOptions options) throws IOException {
    Path version = ModelFolders.resolveVersion(dir);
    // Checked and loaded from one private copy: the folder could change between check and load.
    try (var copy = PrivateModelCopy.of(version)) {
      // Before TensorFlow's loader, which already runs the model's restore and init ops.
      if (!options.unsafeOpsAllowed()) copy.requireAllowedOps();
      Optional<ClassifierMetadata> metadata = readMetadata(copy);
      SavedModelBundle bundle =
          copy.load(SavedModelContract.TAG, options.runLimit(), "the classifier");
      return of(bundle, metadata, version);
    }
  }

  private static Optional<ClassifierMetadata> readMetadata(PrivateModelCopy copy)
      throws ModelLoadException {
    if (!Files.exists(ClassifierMetadata.file(copy.dir()))) return Optional.empty();
    try {
      return Optional.of(ClassifierMetadata.read(copy.dir()));
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(copy.inOriginal(e.getMessage()), e);
    }
  }

  private static ClassifierModel of(
      SavedModelBundle bundle, Optional<ClassifierMetadata> metadata, Path version)
      throws ModelLoadException {
    try {
      Signature signature =
          bundle.signatures().stream()
              .filter(s -> s.key().equals(SavedModelContract.SERVING_DEFAULT))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ModelLoadException(
                          version
                              + " has no '"
                              + SavedModelContract.SERVING_DEFAULT
                              + "' signature"));
      return new ClassifierModel(bundle, signature, metadata, version);
    } catch (ModelLoadException | RuntimeException e) {
      bundle.close();
      if (e instanceof ModelLoadException m) throw m;
      throw new ModelLoadException(
          "classifier in " + version + " cannot be used: " + e.getMessage(), e);
    }
  }

  /**
   * Static dimensions of a signature tensor, which must be float32 of the given rank, -1 only
   * first.
   */
  private static long[] dims(Signature signature, boolean input, String name, int rank, Path dir)
      throws ModelLoadException {
    var all = input ? signature.getInputs() : signature.getOutputs();
    var d = all.get(name);
    String kind = input ? "input" : "output";
    String where =
        "classifier " + dir + ": signature '" + SavedModelContract.SERVING_DEFAULT + "' ";
    if (d == null)
      throw new ModelLoadException(
          where + "has no " + kind + " '" + name + "' (its " + kind + "s: " + all.keySet() + ")");
    if (d.dataType != DataType.DT_FLOAT)
      throw new ModelLoadException(
          where + kind + " '" + name + "' is " + d.dataType + ", expected float32");
    Shape s = d.shape;
    if (s == null || s.isUnknown() || s.numDimensions() != rank) {
      throw new ModelLoadException(
          where + kind + " '" + name + "' has shape " + s + ", expected rank " + rank);
    }
    long[] dims = s.asArray();
    for (int i = 1; i < rank; i++) {
      if (dims[i] < 1)
        throw new ModelLoadException(
            where
                + kind
                + " '"
                + name
                + "' has shape "
                + s
                + ": sizes after the first must be known");
    }
    return dims;
  }

  /**
   * Logits and features of {@code count} NHWC images of this classifier's shape, values in [0, 1].
   */
  public Outputs run(float[] nhwc, int count) {
    int size = imageSize();
    if ((long) count * size != nhwc.length) {
      throw new IllegalArgumentException(
          nhwc.length + " values are not " + count + " images of " + shape());
    }
    return run(count, (start, n, into) -> System.arraycopy(nhwc, start * size, into, 0, n * size));
  }

  /** Logits and features of every image of a uint8 data set (scaled to [0, 1]). */
  public Outputs run(ImageDataset data) {
    requireShape(data.height(), data.width(), data.channels(), "data set " + data.name());
    int size = imageSize();
    byte[] bytes = data.pixels();
    return run(
        data.count(),
        (start, n, into) -> {
          for (int i = 0, off = start * size; i < n * size; i++)
            into[i] = (bytes[off + i] & 0xff) / 255f;
        });
  }

  private Outputs run(int count, Pixels pixels) {
    if (count < 1) throw new IllegalArgumentException("no images to classify");
    int size = imageSize();
    var out = new Outputs(new double[count][], new double[count][]);
    float[] chunk = new float[Math.min(count, BATCH) * size];
    for (int start = 0; start < count; start += BATCH) {
      int n = Math.min(BATCH, count - start);
      pixels.copy(start, n, chunk);
      try (TFloat32 in =
              TFloat32.tensorOf(
                  Shape.of(n, height, width, channels),
                  DataBuffers.of(chunk, true, false).narrow((long) n * size));
          Result r =
              bundle.session().runner().feed(images, in).fetch(logits).fetch(features).run()) {
        copyRows((TFloat32) r.get(0), out.logits(), start, classes);
        copyRows((TFloat32) r.get(1), out.features(), start, featureWidth);
      }
    }
    return out;
  }

  private static void copyRows(TFloat32 t, double[][] into, int start, int width) {
    int n = (int) t.shape().get(0);
    float[] flat = new float[n * width];
    t.copyTo(DataBuffers.of(flat, false, false));
    for (int i = 0; i < n; i++) {
      double[] row = new double[width];
      for (int j = 0; j < width; j++) row[j] = flat[i * width + j];
      into[start + i] = row;
    }
  }

  /** Throws a clear error unless images of {@code h x w x c} are what this classifier reads. */
  public void requireShape(int h, int w, int c, String what) {
    if (h != height || w != width || c != channels) {
      throw new ConfigurationException(
          what
              + " has images of "
              + h
              + "x"
              + w
              + "x"
              + c
              + ", but the classifier "
              + directory
              + " reads "
              + shape()
              + "; name the classifier of this data set with --classifier");
    }
  }

  public String shape() {
    return String.format(Locale.ROOT, "%dx%dx%d", height, width, channels);
  }

  public int imageSize() {
    return height * width * channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int channels() {
    return channels;
  }

  public int classes() {
    return classes;
  }

  public int featureWidth() {
    return featureWidth;
  }

  public Optional<ClassifierMetadata> metadata() {
    return metadata;
  }

  /** The version folder loaded. */
  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
