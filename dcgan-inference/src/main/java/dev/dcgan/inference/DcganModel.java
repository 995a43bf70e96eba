package dev.dcgan.inference;

import static dev.dcgan.inference.SavedModelContract.GENERATE;
import static dev.dcgan.inference.SavedModelContract.INPUT_COUNT;
import static dev.dcgan.inference.SavedModelContract.INPUT_SEED;
import static dev.dcgan.inference.SavedModelContract.INPUT_Z;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_IMAGES;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_IMAGES_UINT8;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_PNG_BYTES;
import static dev.dcgan.inference.SavedModelContract.SERVING_DEFAULT;
import static dev.dcgan.inference.SavedModelContract.TAG;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * An exported DCGAN generator, loaded from a SavedModel: latent vectors z in, images out.
 *
 * <pre>{@code
 * try (var model = DcganModel.load(Path.of("models/mnist"))) {
 *   model.generate(64, 42).writeGridPng(Path.of("grid.png"), 8);
 * }
 * }</pre>
 *
 * <p>{@link #load(Path)} refuses a model with ops outside the {@link OpAllowList} before TensorFlow
 * sees it, since loading already runs the model's graph. Sizes come from the {@code
 * serving_default} signature (see {@link SavedModelContract}). {@link #generate} may be called from
 * many threads at once; {@link #close()} waits for running calls, after which {@code generate}
 * throws {@link IllegalStateException}. The accessors and {@link #sampleLatent} touch no TensorFlow
 * state and keep working after close.
 */
public final class DcganModel implements AutoCloseable {
  /** Most rows fed to TensorFlow in one run, so memory stays bounded for large counts. */
  static final int MAX_BATCH = 256;

  private final SavedModelBundle bundle;
  private final Output<?> zOutput;
  private final Output<?> imagesOutput;

  /** The {@code generate} signature's tensors; null for models exported before it existed. */
  private final GenerateTensors generateTensors;

  private final ModelShape shape;
  private final Optional<ModelMetadata> metadata;
  private final Path directory;
  // generate() takes the read lock, so runs stay concurrent; close() takes the write lock.
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed; // guarded by lifecycle

  /** The graph tensors behind the {@code generate} signature's names. */
  private record GenerateTensors(Output<?> seed, Output<?> count, Output<?> uint8, Output<?> png) {
    static GenerateTensors of(SavedModelBundle bundle, Signature s) {
      return new GenerateTensors(
          tensor(bundle, s.getInputs(), INPUT_SEED),
          tensor(bundle, s.getInputs(), INPUT_COUNT),
          tensor(bundle, s.getOutputs(), OUTPUT_IMAGES_UINT8),
          tensor(bundle, s.getOutputs(), OUTPUT_PNG_BYTES));
    }

    private static Output<?> tensor(
        SavedModelBundle bundle, Map<String, Signature.TensorDescription> all, String name) {
      var d = all.get(name);
      if (d == null) {
        throw new IllegalArgumentException(
            "signature '" + GENERATE + "' has no tensor '" + name + "'; it has " + all.keySet());
      }
      return bundle.graph().outputOrThrow(d.name);
    }
  }

  private DcganModel(
      SavedModelBundle bundle,
      Signature signature,
      ModelShape shape,
      Optional<ModelMetadata> metadata,
      Path directory) {
    this.bundle = bundle;
    // Resolved once: also proves the signature's tensor names exist in the graph.
    this.zOutput = bundle.graph().outputOrThrow(signature.getInputs().get(INPUT_Z).name);
    this.imagesOutput =
        bundle.graph().outputOrThrow(signature.getOutputs().get(OUTPUT_IMAGES).name);
    this.generateTensors =
        bundle.signatures().stream()
            .filter(s -> s.key().equals(GENERATE))
            .findFirst()
            .map(s -> GenerateTensors.of(bundle, s))
            .orElse(null);
    this.shape = shape;
    this.metadata = metadata;
    this.directory = directory;
  }

  /**
   * How to load a model.
   *
   * @param unsafeOpsAllowed skip the {@link OpAllowList} check
   */
  public record LoadOptions(boolean unsafeOpsAllowed) {
    /** The op check on: what {@link DcganModel#load(Path)} does. */
    public static LoadOptions defaults() {
      return new LoadOptions(false);
    }

    /**
     * Loads models with ops outside the {@link OpAllowList}: only for a model you trust, since its
     * graph may then read and write files as it loads and runs.
     */
    public LoadOptions allowUnsafeOps() {
      return new LoadOptions(true);
    }
  }

  /**
   * Loads a generator whose ops are all on the {@link OpAllowList}.
   *
   * @param dir a SavedModel version folder (holds {@code saved_model.pb}), or a base folder in TF
   *     Serving's layout {@code <base>/<n>/}, of which the highest numeric version is loaded
   * @return the loaded model; close it when done
   * @throws UnsafeModelException if the model holds ops outside the allow-list
   * @throws ModelLoadException if the folder is missing, holds no SavedModel, lacks a usable {@code
   *     serving_default} signature, or TensorFlow cannot load or run it
   */
  public static DcganModel load(Path dir) throws ModelLoadException {
    return load(dir, LoadOptions.defaults());
  }

  /**
   * Loads a generator, as {@link #load(Path)} does, with options.
   *
   * @param dir a version folder or a base folder, as for {@link #load(Path)}
   * @param options whether to check the ops
   * @return the loaded model; close it when done
   * @throws UnsafeModelException if the model holds ops outside the allow-list and {@code options}
   *     do not allow them
   * @throws ModelLoadException if the folder is missing, holds no SavedModel, lacks a usable {@code
   *     serving_default} signature, or TensorFlow cannot load or run it
   */
  public static DcganModel load(Path dir, LoadOptions options) throws ModelLoadException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    Path version = ModelFolders.resolveVersion(dir);
    // Before TensorFlow sees the model: its loader already runs the restore and init ops.
    if (!options.unsafeOpsAllowed()) OpAllowList.requireAllowed(version);
    Optional<ModelMetadata> metadata = readMetadata(version);
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(version.toString(), TAG);
    } catch (RuntimeException e) { // TensorFlowException and friends: corrupt or incomplete model
      throw new ModelLoadException(
          "TensorFlow cannot load the SavedModel in "
              + version
              + " (tag '"
              + TAG
              + "'): "
              + e.getMessage(),
          e);
    }
    try {
      Signature signature =
          bundle.signatures().stream()
              .filter(s -> s.key().equals(SERVING_DEFAULT))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ModelLoadException(
                          "SavedModel in "
                              + version
                              + " has no '"
                              + SERVING_DEFAULT
                              + "' signature; signatures present: "
                              + bundle.signatures().stream()
                                  .map(Signature::key)
                                  .sorted()
                                  .collect(Collectors.toList())));
      ModelShape shape = ModelShape.resolve(signature, metadata, version);
      var model = new DcganModel(bundle, signature, shape, metadata, version);
      model.smokeTest();
      return model;
    } catch (ModelLoadException e) {
      bundle.close();
      throw e;
    } catch (RuntimeException e) {
      bundle.close();
      throw new ModelLoadException(
          "SavedModel in " + version + " cannot be used: " + e.getMessage(), e);
    }
  }

  /** The metadata file is optional, but one that exists must be readable. */
  private static Optional<ModelMetadata> readMetadata(Path version) throws ModelLoadException {
    Path file =
        version.resolve(SavedModelContract.ASSETS_EXTRA).resolve(SavedModelContract.METADATA_FILE);
    if (!Files.exists(file)) return Optional.empty();
    try {
      return Optional.of(ModelMetadata.read(version));
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("Cannot read model metadata " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs one image so problems TensorFlow only finds at run time (variables that were never saved,
   * a shape the signature misstates) fail the load instead of the first caller.
   */
  private void smokeTest() throws ModelLoadException {
    try {
      generate(new float[1][shape.latentSize()]);
    } catch (RuntimeException e) {
      // TensorFlow loads a SavedModel without its variables silently; say so, it's the usual cause.
      String hint =
          Files.isDirectory(directory.resolve("variables"))
              ? ""
              : " (its variables/ folder is missing)";
      throw new ModelLoadException(
          "SavedModel in "
              + directory
              + " loads but cannot run '"
              + SERVING_DEFAULT
              + "'"
              + hint
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * @return width of z
   */
  public int latentSize() {
    return shape.latentSize();
  }

  /**
   * @return image height in pixels
   */
  public int height() {
    return shape.height();
  }

  /**
   * @return image width in pixels
   */
  public int width() {
    return shape.width();
  }

  /**
   * @return channels per pixel: 1 grayscale, 3 RGB
   */
  public int channels() {
    return shape.channels();
  }

  /**
   * @return the model's {@code assets.extra/dcgan.json}, if it has one
   */
  public Optional<ModelMetadata> metadata() {
    return metadata;
  }

  /**
   * @return the version folder actually loaded (holds {@code saved_model.pb})
   */
  public Path directory() {
    return directory;
  }

  /**
   * Standard-normal latent vectors, row-major from {@code new Random(seed).nextGaussian()}: the
   * same seed gives the same z in every release.
   *
   * @param count number of rows, at least 1
   * @param seed the random seed
   * @return {@code count} rows of {@link #latentSize()} values
   */
  public float[][] sampleLatent(int count, long seed) {
    requireCount(count);
    return LatentNoise.gaussian(count, shape.latentSize(), seed);
  }

  /**
   * Generates {@code count} images from {@link #sampleLatent(int, long) sampleLatent(count, seed)}.
   *
   * @param count number of images, at least 1
   * @param seed the random seed; the same seed gives the same images
   * @return the images
   */
  public GeneratedImages generate(int count, long seed) {
    requireCount(count);
    requireOneArray(count);
    return generate(sampleLatent(count, seed));
  }

  /**
   * {@link #generate(int, long) generate(count, seed)} one batch at a time, for counts whose images
   * need not be in memory together: the batches hold the same images in the same order, since z
   * continues from one batch to the next, and only the current batch is held.
   *
   * @param count number of images in all, at least 1
   * @param seed the random seed, as for {@code generate(count, seed)}
   * @param batchSize images per batch, at least 1; the last batch may be smaller
   * @return the batches, drawn as they are iterated; each iteration starts again from the seed
   */
  public Iterable<GeneratedImages> generateInBatches(int count, long seed, int batchSize) {
    requireCount(count);
    if (batchSize < 1)
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    return () ->
        new Iterator<>() {
          private final Random noise = new Random(seed);
          private int drawn;

          @Override
          public boolean hasNext() {
            return drawn < count;
          }

          @Override
          public GeneratedImages next() {
            if (!hasNext()) throw new NoSuchElementException();
            int rows = Math.min(batchSize, count - drawn);
            drawn += rows;
            return generate(LatentNoise.gaussian(noise, rows, shape.latentSize()));
          }
        };
  }

  /**
   * Generates one image per row of {@code z}, in chunks of at most {@value #MAX_BATCH} rows.
   *
   * @param z rows of {@link #latentSize()} values each
   * @return the images, in row order
   * @throws IllegalArgumentException if z is empty, ragged, of the wrong width, or holds NaN or
   *     infinity
   * @throws IllegalStateException after {@link #close()}
   */
  public GeneratedImages generate(float[][] z) {
    Objects.requireNonNull(z, "z");
    requireCount(z.length);
    int latent = shape.latentSize();
    for (int i = 0; i < z.length; i++) {
      if (z[i] == null) throw new IllegalArgumentException("z row " + i + " is null");
      LatentNoise.requireFinite(z[i], i);
      if (z[i].length != z[0].length) {
        throw new IllegalArgumentException(
            "z is ragged: row 0 has width "
                + z[0].length
                + ", row "
                + i
                + " has width "
                + z[i].length);
      }
    }
    if (z[0].length != latent) {
      throw new IllegalArgumentException(
          "z has width " + z[0].length + ", the model expects " + latent);
    }
    requireOneArray(z.length);
    int imageSize = shape.imageSize();
    float[] pixels = new float[z.length * imageSize];
    var lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) throw new IllegalStateException("model " + directory + " is closed");
      for (int start = 0; start < z.length; start += MAX_BATCH) {
        int rows = Math.min(MAX_BATCH, z.length - start);
        runChunk(z, start, rows, pixels, start * imageSize);
      }
    } finally {
      lock.unlock();
    }
    return new GeneratedImages(
        z.length, shape.height(), shape.width(), shape.channels(), pixels, true);
  }

  /**
   * @return whether the model has the {@code generate} signature (models exported since it exists)
   */
  public boolean hasGenerateSignature() {
    return generateTensors != null;
  }

  /**
   * Runs the model's {@code generate} signature: {@code count} images drawn, quantised and
   * PNG-encoded inside the graph, byte for byte what TF Serving and C API clients get for this
   * seed. Its z is TensorFlow's stateless normal of {@code [seed, 0]}, not {@link #sampleLatent}'s,
   * so the images differ from {@link #generate(int, long) generate(count, seed)}'s.
   *
   * @param seed the seed of z; the same seed gives the same bytes
   * @param count number of images, at least 1; computed in one run
   * @return the images as uint8 pixels and as PNG files
   * @throws UnsupportedOperationException if the model has no {@code generate} signature
   * @throws IllegalStateException after {@link #close()}
   */
  public PngImages generatePng(long seed, int count) {
    requireCount(count);
    if (generateTensors == null) {
      throw new UnsupportedOperationException(
          "model "
              + directory
              + " has no '"
              + GENERATE
              + "' signature (it was exported before there was one); use generate(count, seed)");
    }
    var lock = lifecycle.readLock();
    lock.lock();
    try (TInt64 seedTensor = TInt64.scalarOf(seed);
        TInt32 countTensor = TInt32.scalarOf(count);
        Result result = runGenerate(seedTensor, countTensor)) {
      var uint8Tensor = (TUint8) result.get(0);
      var pngTensor = (TString) result.get(1);
      Shape expected = Shape.of(count, shape.height(), shape.width(), shape.channels());
      if (!uint8Tensor.shape().equals(expected) || !pngTensor.shape().equals(Shape.of(count))) {
        throw new IllegalStateException(
            "'"
                + GENERATE
                + "' came out with shapes "
                + uint8Tensor.shape()
                + " and "
                + pngTensor.shape()
                + ", expected "
                + expected
                + " and "
                + Shape.of(count));
      }
      byte[] pixels = new byte[Math.toIntExact(uint8Tensor.size())];
      uint8Tensor.copyTo(DataBuffers.of(pixels, false, false));
      List<byte[]> pngs = new ArrayList<>(count);
      for (int i = 0; i < count; i++) pngs.add(pngTensor.asBytes().getObject(i));
      return new PngImages(count, shape.height(), shape.width(), shape.channels(), pixels, pngs);
    } finally {
      lock.unlock();
    }
  }

  /** Called with the read lock held. */
  private Result runGenerate(TInt64 seed, TInt32 count) {
    if (closed) throw new IllegalStateException("model " + directory + " is closed");
    return bundle
        .session()
        .runner()
        .feed(generateTensors.seed(), seed)
        .feed(generateTensors.count(), count)
        .fetch(generateTensors.uint8())
        .fetch(generateTensors.png())
        .run();
  }

  /** Runs rows {@code [start, start + rows)} of z and copies the images into {@code pixels}. */
  private void runChunk(float[][] z, int start, int rows, float[] pixels, int offset) {
    int latent = shape.latentSize();
    float[] flat = new float[rows * latent];
    for (int r = 0; r < rows; r++) System.arraycopy(z[start + r], 0, flat, r * latent, latent);
    try (TFloat32 input =
            TFloat32.tensorOf(Shape.of(rows, latent), DataBuffers.of(flat, true, false));
        Result result = bundle.session().runner().feed(zOutput, input).fetch(imagesOutput).run()) {
      if (!(result.get(0) instanceof TFloat32 images)) {
        throw new IllegalStateException(
            "'" + OUTPUT_IMAGES + "' is " + result.get(0).dataType() + ", expected float32");
      }
      Shape expected = Shape.of(rows, shape.height(), shape.width(), shape.channels());
      if (!images.shape().equals(expected)) {
        throw new IllegalStateException(
            "'"
                + OUTPUT_IMAGES
                + "' came out with shape "
                + images.shape()
                + ", expected "
                + expected);
      }
      images.copyTo(
          DataBuffers.of(pixels, false, false).slice(offset, (long) rows * shape.imageSize()));
    }
  }

  /** Checked before z is drawn: z itself would take gigabytes for such counts. */
  private void requireOneArray(int count) {
    if ((long) count * shape.imageSize() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          count
              + " images of "
              + shape.imageSize()
              + " pixels do not fit one array; generate fewer at a time, or use"
              + " generateInBatches");
    }
  }

  private static void requireCount(int count) {
    if (count < 1) throw new IllegalArgumentException("count must be at least 1, was " + count);
  }

  /** Releases TensorFlow resources once running calls have finished; later calls are no-ops. */
  @Override
  public void close() {
    var lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      bundle.close();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "DcganModel["
        + directory
        + ", z "
        + shape.latentSize()
        + " -> "
        + shape.height()
        + "x"
        + shape.width()
        + "x"
        + shape.channels()
        + "]";
  }
}
