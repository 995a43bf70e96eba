package dev.dcgan.inference;

import static dev.dcgan.inference.SavedModelContract.GENERATE;
import static dev.dcgan.inference.SavedModelContract.INPUT_CLASS;
import static dev.dcgan.inference.SavedModelContract.INPUT_COUNT;
import static dev.dcgan.inference.SavedModelContract.INPUT_LABELS;
import static dev.dcgan.inference.SavedModelContract.INPUT_SEED;
import static dev.dcgan.inference.SavedModelContract.INPUT_Z;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_IMAGES;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_IMAGES_UINT8;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_LABELS;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_PNG_BYTES;
import static dev.dcgan.inference.SavedModelContract.SERVING_DEFAULT;
import static dev.dcgan.inference.SavedModelContract.TAG;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.tensorflow.proto.RunOptions;
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
 *
 * <p>A class-conditional generator ({@link #conditional()}; format version {@value
 * SavedModelContract#CONDITIONAL_FORMAT_VERSION}) also takes one class label per image:
 *
 * <pre>{@code
 * try (var model = DcganModel.load(Path.of("models/dcgan-fashion-mnist-conditional"))) {
 *   int sneaker = model.classOf("sneaker");               // or "7"
 *   model.generate(16, 42, sneaker).writeGridPng(Path.of("sneakers.png"), 4);
 *   GeneratedImages mixed = model.generate(16, 42);       // classes drawn at random
 *   int[] labels = mixed.labels();
 * }
 * }</pre>
 *
 * <p>The calls that draw z from a seed ({@link #generate(int, long)}, {@link
 * #generateInBatches(int, long, int)}, {@link #generatePng(long, int)}) draw the classes too when
 * none is given, uniformly, as the {@code generate} signature does for class -1: a grid, a sample
 * or an evaluation of a conditional model then covers every class without the caller knowing the
 * model is conditional. The calls that take z ({@link #generate(float[][])}) cannot draw anything,
 * so a conditional model needs {@link #generate(float[][], int[])} with one label per row, and an
 * unconditional model refuses labels and classes: both with {@link IllegalArgumentException}.
 */
public final class DcganModel implements AutoCloseable {
  /** Most rows fed to TensorFlow in one run, so memory stays bounded for large counts. */
  static final int MAX_BATCH = 256;

  /** The class that stands for "a class drawn at random for each image". */
  public static final int RANDOM_CLASS = -1;

  private final SavedModelBundle bundle;
  private final Output<?> zOutput;
  private final Output<?> imagesOutput;

  /** {@code serving_default}'s labels input; null for an unconditional generator. */
  private final Output<?> labelsOutput;

  /** The {@code generate} signature's tensors; null for models exported before it existed. */
  private final GenerateTensors generateTensors;

  private final ModelShape shape;
  private final ModelClasses classes;
  private final Optional<ModelMetadata> metadata;
  private final Path directory;
  // generate() takes the read lock, so runs stay concurrent; close() takes the write lock.
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed; // guarded by lifecycle

  /** The smoke test's time limit while {@link #load} runs it; null once the model is returned. */
  private RunOptions loadRunOptions;

  /**
   * The graph tensors behind the {@code generate} signature's names; {@code cls} and {@code labels}
   * are null for an unconditional generator.
   */
  private record GenerateTensors(
      Output<?> seed,
      Output<?> count,
      Output<?> cls,
      Output<?> uint8,
      Output<?> png,
      Output<?> labels) {
    static GenerateTensors of(SavedModelBundle bundle, Signature s, boolean conditional) {
      return new GenerateTensors(
          tensor(bundle, s.getInputs(), INPUT_SEED),
          tensor(bundle, s.getInputs(), INPUT_COUNT),
          conditional ? tensor(bundle, s.getInputs(), INPUT_CLASS) : null,
          tensor(bundle, s.getOutputs(), OUTPUT_IMAGES_UINT8),
          tensor(bundle, s.getOutputs(), OUTPUT_PNG_BYTES),
          conditional ? tensor(bundle, s.getOutputs(), OUTPUT_LABELS) : null);
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
      Optional<Signature> generate,
      ModelShape shape,
      ModelClasses classes,
      Optional<ModelMetadata> metadata,
      Path directory) {
    this.bundle = bundle;
    // Resolved once: also proves the signature's tensor names exist in the graph.
    this.zOutput = bundle.graph().outputOrThrow(signature.getInputs().get(INPUT_Z).name);
    this.imagesOutput =
        bundle.graph().outputOrThrow(signature.getOutputs().get(OUTPUT_IMAGES).name);
    this.labelsOutput =
        classes.conditional()
            ? bundle.graph().outputOrThrow(signature.getInputs().get(INPUT_LABELS).name)
            : null;
    this.generateTensors =
        generate.map(s -> GenerateTensors.of(bundle, s, classes.conditional())).orElse(null);
    this.shape = shape;
    this.classes = classes;
    this.metadata = metadata;
    this.directory = directory;
  }

  /**
   * How to load a model.
   *
   * @param unsafeOpsAllowed skip the {@link OpAllowList} check
   * @param runLimit how long loading may run the model: its restore and init ops, and the one image
   *     the load generates to prove it works; TensorFlow stops a run past it
   */
  public record LoadOptions(boolean unsafeOpsAllowed, Duration runLimit) {
    public LoadOptions {
      Objects.requireNonNull(runLimit, "runLimit");
      if (runLimit.isNegative() || runLimit.isZero()) {
        throw new IllegalArgumentException("runLimit must be positive, was " + runLimit);
      }
    }

    /** With the default run limit, {@link PrivateModelCopy#RUN_LIMIT}. */
    public LoadOptions(boolean unsafeOpsAllowed) {
      this(unsafeOpsAllowed, PrivateModelCopy.RUN_LIMIT);
    }

    /** The op check on: what {@link DcganModel#load(Path)} does. */
    public static LoadOptions defaults() {
      return new LoadOptions(false);
    }

    /**
     * Loads models with ops outside the {@link OpAllowList}: only for a model you trust, since its
     * graph may then read and write files as it loads and runs.
     */
    public LoadOptions allowUnsafeOps() {
      return new LoadOptions(true, runLimit);
    }

    /** These options with another limit on how long loading may run the model. */
    public LoadOptions withRunLimit(Duration limit) {
      return new LoadOptions(unsafeOpsAllowed, limit);
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
   *     serving_default} signature, or TensorFlow cannot load or run it; if its metadata has a
   *     format version newer than this library knows; or if the signatures and the metadata
   *     disagree on whether the model is class-conditional (a {@code labels} input against listed
   *     classes and format version {@value SavedModelContract#CONDITIONAL_FORMAT_VERSION})
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
   * @throws ModelLoadException as for {@link #load(Path)}
   */
  public static DcganModel load(Path dir, LoadOptions options) throws ModelLoadException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    Path version = ModelFolders.resolveVersion(dir);
    // Checked and loaded from one private copy: the folder could change between check and load.
    try (var copy = PrivateModelCopy.of(version)) {
      // Before TensorFlow sees the model: its loader already runs the restore and init ops.
      if (!options.unsafeOpsAllowed()) copy.requireAllowedOps();
      Optional<ModelMetadata> metadata = readMetadata(copy);
      ModelClasses.requireKnownFormat(metadata, version);
      SavedModelBundle bundle = copy.load(TAG, options.runLimit(), "the SavedModel");
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
        Optional<Signature> generate =
            bundle.signatures().stream().filter(s -> s.key().equals(GENERATE)).findFirst();
        ModelClasses classes = ModelClasses.resolve(signature, generate, metadata, version);
        var model = new DcganModel(bundle, signature, generate, shape, classes, metadata, version);
        model.smokeTest(options.runLimit());
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
  }

  /**
   * The metadata file is optional, but one that exists must be readable; read from the private
   * copy, which holds it only as a regular file of bounded size.
   */
  private static Optional<ModelMetadata> readMetadata(PrivateModelCopy copy)
      throws ModelLoadException {
    Path relative =
        Path.of(SavedModelContract.ASSETS_EXTRA).resolve(SavedModelContract.METADATA_FILE);
    if (!Files.exists(copy.dir().resolve(relative))) return Optional.empty();
    try {
      return Optional.of(ModelMetadata.read(copy.dir()));
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(
          "Cannot read model metadata "
              + copy.original().resolve(relative)
              + ": "
              + copy.inOriginal(e.getMessage()),
          e);
    }
  }

  /**
   * Runs one image so problems TensorFlow only finds at run time (variables that were never saved,
   * a shape the signature misstates) fail the load instead of the first caller.
   */
  private void smokeTest(Duration limit) throws ModelLoadException {
    int last = classes.count() - 1;
    loadRunOptions = PrivateModelCopy.runOptions(limit);
    try {
      // The last class too: metadata that lists more classes than the graph has fails here.
      if (conditional()) generate(new float[2][shape.latentSize()], new int[] {0, last});
      else generate(new float[1][shape.latentSize()]);
    } catch (RuntimeException e) {
      if (PrivateModelCopy.timedOut(e)) {
        throw new ModelLoadException(
            "SavedModel in "
                + directory
                + " loads but its '"
                + SERVING_DEFAULT
                + "' signature ran longer than "
                + limit.toSeconds()
                + " s for one image, which no DCGAN model needs",
            e);
      }
      // TensorFlow runs a model whose checkpoint lacks a variable until it reads it; say so.
      String hint =
          String.valueOf(e.getMessage()).contains("uninitialized")
              ? " (its variables are missing or damaged: "
                  + directory.resolve("variables").resolve("variables.index")
                  + " does not hold them all)"
              : conditional()
                  ? " with labels 0 and "
                      + last
                      + " (does its metadata list more classes than the model has?)"
                  : "";
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
    } finally {
      loadRunOptions = null;
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
   * @return whether the model is a class-conditional generator: it takes one class label per image
   */
  public boolean conditional() {
    return classes.conditional();
  }

  /**
   * @return the class names from the model's metadata, index i for label i; empty for an
   *     unconditional generator
   */
  public List<String> classNames() {
    return classes.names();
  }

  /**
   * The class a user named, as {@code --class 7} or {@code --class sneaker} give it: a class name,
   * case and surrounding spaces ignored, or an index in {@code [0, classNames().size())}. A name
   * wins over an index, so classes named by numbers out of order (folders "1", "10", "2") are found
   * by their names.
   *
   * @param nameOrIndex a class name or index
   * @return the class index, a label for {@code generate}
   * @throws IllegalArgumentException if it names no class (the message lists them), or if the model
   *     is not conditional
   */
  public int classOf(String nameOrIndex) {
    return classes.indexOf(nameOrIndex, directory);
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
   * A class-conditional model draws each image's class at random: this is {@link #generate(int,
   * long, int) generate(count, seed, RANDOM_CLASS)}.
   *
   * @param count number of images, at least 1
   * @param seed the random seed; the same seed gives the same images
   * @return the images, labelled if the model is conditional
   */
  public GeneratedImages generate(int count, long seed) {
    if (conditional()) return generate(count, seed, RANDOM_CLASS);
    requireCount(count);
    requireOneArray(count);
    return generate(sampleLatent(count, seed));
  }

  /**
   * Generates {@code count} images of one class, or of random classes, from a class-conditional
   * model. z is {@link #sampleLatent(int, long) sampleLatent(count, seed)} whatever the class, so
   * one seed with two classes gives the same z drawn as each class. For {@link #RANDOM_CLASS} the
   * classes are drawn uniformly from a stream of their own ({@code java.util.Random}, seeded from
   * {@code seed}): the same seed gives the same classes in every Java run, but not the classes the
   * {@code generate} signature draws for that seed with class -1 (TensorFlow's stateless integers),
   * just as it does not give the same z.
   *
   * @param count number of images, at least 1
   * @param seed the random seed; the same seed and class give the same images and labels
   * @param label a class index, see {@link #classOf(String)}, or {@link #RANDOM_CLASS}
   * @return the images, with their labels
   * @throws IllegalArgumentException if the model is not conditional, or the label is neither a
   *     class nor -1
   */
  public GeneratedImages generate(int count, long seed, int label) {
    classes.requireLabel(label, true, directory, "class");
    requireCount(count);
    requireOneArray(count);
    int[] labels =
        label == RANDOM_CLASS
            ? LatentNoise.labels(LatentNoise.labelStream(seed), count, classes.count())
            : filled(count, label);
    return generate(sampleLatent(count, seed), labels);
  }

  private static int[] filled(int count, int label) {
    int[] labels = new int[count];
    java.util.Arrays.fill(labels, label);
    return labels;
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
    if (conditional()) return generateInBatches(count, seed, RANDOM_CLASS, batchSize);
    return batches(count, seed, null, batchSize);
  }

  /**
   * {@link #generate(int, long, int) generate(count, seed, label)} one batch at a time, as {@link
   * #generateInBatches(int, long, int)} does: the same images and labels in the same order.
   *
   * @param count number of images in all, at least 1
   * @param seed the random seed
   * @param label a class index or {@link #RANDOM_CLASS}
   * @param batchSize images per batch, at least 1; the last batch may be smaller
   * @return the batches, drawn as they are iterated; each iteration starts again from the seed
   * @throws IllegalArgumentException if the model is not conditional, or the label is neither a
   *     class nor -1
   */
  public Iterable<GeneratedImages> generateInBatches(
      int count, long seed, int label, int batchSize) {
    classes.requireLabel(label, true, directory, "class");
    return batches(count, seed, label, batchSize);
  }

  /** {@code label} is null for an unconditional model. */
  private Iterable<GeneratedImages> batches(int count, long seed, Integer label, int batchSize) {
    requireCount(count);
    if (batchSize < 1)
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    return () ->
        new Iterator<>() {
          private final Random noise = new Random(seed);
          private final Random labelNoise = LatentNoise.labelStream(seed);
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
            float[][] z = LatentNoise.gaussian(noise, rows, shape.latentSize());
            if (label == null) return generate(z);
            int[] labels =
                label == RANDOM_CLASS
                    ? LatentNoise.labels(labelNoise, rows, classes.count())
                    : filled(rows, label);
            return generate(z, labels);
          }
        };
  }

  /**
   * Generates one image per row of {@code z}, in chunks of at most {@value #MAX_BATCH} rows.
   *
   * @param z rows of {@link #latentSize()} values each
   * @return the images, in row order
   * @throws IllegalArgumentException if z is empty, ragged, of the wrong width, or holds NaN or
   *     infinity; or if the model is conditional (it needs {@link #generate(float[][], int[])})
   * @throws IllegalStateException after {@link #close()}
   */
  public GeneratedImages generate(float[][] z) {
    if (conditional()) {
      throw new IllegalArgumentException(
          "model "
              + directory
              + " is class-conditional: pass one label per row of z, generate(z, labels), each a"
              + " class index 0.."
              + (classes.count() - 1)
              + " (classOf(name) gives a name's)");
    }
    return generate(z, null);
  }

  /**
   * Generates one image per row of {@code z}, of the class in the same row of {@code labels}, in
   * chunks of at most {@value #MAX_BATCH} rows.
   *
   * @param z rows of {@link #latentSize()} values each
   * @param labels one class index per row of z, each in {@code [0, classNames().size())} (no -1
   *     here: nothing to draw it from); null only for an unconditional model, where this is {@link
   *     #generate(float[][])}
   * @return the images, in row order, with their labels
   * @throws IllegalArgumentException for z as in {@link #generate(float[][])}; if labels are
   *     missing for a conditional model or given to an unconditional one, have another length than
   *     z, or hold a label out of range (the message lists the classes)
   * @throws IllegalStateException after {@link #close()}
   */
  public GeneratedImages generate(float[][] z, int[] labels) {
    Objects.requireNonNull(z, "z");
    // A copy, checked once and then fed: the caller's array may change while the graph runs.
    int[] rowLabels = labels == null ? null : labels.clone();
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
    requireLabels(rowLabels, z.length);
    requireOneArray(z.length);
    int imageSize = shape.imageSize();
    float[] pixels = new float[z.length * imageSize];
    var lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) throw new IllegalStateException("model " + directory + " is closed");
      for (int start = 0; start < z.length; start += MAX_BATCH) {
        int rows = Math.min(MAX_BATCH, z.length - start);
        runChunk(z, rowLabels, start, rows, pixels, start * imageSize);
      }
    } finally {
      lock.unlock();
    }
    return new GeneratedImages(
        z.length, shape.height(), shape.width(), shape.channels(), pixels, rowLabels, true);
  }

  private void requireLabels(int[] labels, int rows) {
    if (!conditional()) {
      if (labels != null) throw ModelClasses.notConditional(directory, "takes no labels");
      return;
    }
    if (labels == null) {
      throw new IllegalArgumentException(
          "labels is null, but model "
              + directory
              + " is class-conditional: pass one label per row of z; "
              + classes.known());
    }
    if (labels.length != rows) {
      throw new IllegalArgumentException(
          "labels has "
              + labels.length
              + " entries and z has "
              + rows
              + " rows; pass one label per row of z");
    }
    for (int i = 0; i < labels.length; i++) {
      classes.requireLabel(labels[i], false, directory, "labels[" + i + "]");
    }
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
   * <p>A class-conditional model draws each image's class in the graph: this is {@link
   * #generatePng(long, int, int) generatePng(seed, count, RANDOM_CLASS)}.
   *
   * @param seed the seed of z; the same seed gives the same bytes
   * @param count number of images, at least 1; computed in one run
   * @return the images as uint8 pixels and as PNG files, labelled if the model is conditional
   * @throws UnsupportedOperationException if the model has no {@code generate} signature
   * @throws IllegalStateException after {@link #close()}
   */
  public PngImages generatePng(long seed, int count) {
    if (conditional()) return generatePng(seed, count, RANDOM_CLASS);
    return runGeneratePng(seed, count, null);
  }

  /**
   * Runs a class-conditional model's {@code generate} signature with a class: byte for byte what TF
   * Serving returns for this seed and class. z is the same for every class ({@code [seed, 0]}), so
   * two classes with one seed draw the same z as each class. For {@link #RANDOM_CLASS} the graph
   * draws the classes, {@code StatelessRandomUniformInt([count], seed = [seed, 1], 0, classes)};
   * they are in {@link PngImages#labels()} and are not those {@link #generate(int, long, int)}
   * draws for the seed.
   *
   * @param seed the seed of z (and of the classes, for -1)
   * @param count number of images, at least 1; computed in one run
   * @param label a class index, see {@link #classOf(String)}, or {@link #RANDOM_CLASS}
   * @return the images as uint8 pixels and as PNG files, with their labels
   * @throws IllegalArgumentException if the model is not conditional, or the label is neither a
   *     class nor -1
   * @throws UnsupportedOperationException if the model has no {@code generate} signature
   * @throws IllegalStateException after {@link #close()}
   */
  public PngImages generatePng(long seed, int count, int label) {
    classes.requireLabel(label, true, directory, "class");
    return runGeneratePng(seed, count, (long) label);
  }

  /** {@code label} is null for an unconditional model. */
  private PngImages runGeneratePng(long seed, int count, Long label) {
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
        TInt64 classTensor = label == null ? null : TInt64.scalarOf(label);
        Result result = runGenerate(seedTensor, countTensor, classTensor)) {
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
      int[] labels = label == null ? new int[0] : labelsOf(result.get(2), count);
      return new PngImages(
          count, shape.height(), shape.width(), shape.channels(), pixels, pngs, labels);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The {@code generate} signature's labels output, checked: it must hold classes of this model.
   */
  private int[] labelsOf(org.tensorflow.Tensor tensor, int count) {
    if (!(tensor instanceof TInt64 labels) || !labels.shape().equals(Shape.of(count))) {
      throw new IllegalStateException(
          "'"
              + GENERATE
              + "' output '"
              + OUTPUT_LABELS
              + "' came out as "
              + tensor.dataType()
              + " "
              + tensor.shape()
              + ", expected int64 "
              + Shape.of(count));
    }
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      long label = labels.getLong(i);
      if (label < 0 || label >= classes.count()) {
        throw new IllegalStateException(
            "'"
                + GENERATE
                + "' returned label "
                + label
                + " for image "
                + i
                + ", not a class of the model (0.."
                + (classes.count() - 1)
                + ")");
      }
      out[i] = (int) label;
    }
    return out;
  }

  /** Called with the read lock held; {@code cls} is null for an unconditional model. */
  private Result runGenerate(TInt64 seed, TInt32 count, TInt64 cls) {
    if (closed) throw new IllegalStateException("model " + directory + " is closed");
    var runner =
        bundle
            .session()
            .runner()
            .feed(generateTensors.seed(), seed)
            .feed(generateTensors.count(), count)
            .fetch(generateTensors.uint8())
            .fetch(generateTensors.png());
    if (cls != null) runner.feed(generateTensors.cls(), cls).fetch(generateTensors.labels());
    return runner.run();
  }

  /**
   * Runs rows {@code [start, start + rows)} of z (with their labels, null for an unconditional
   * model) and copies the images into {@code pixels}.
   */
  private void runChunk(
      float[][] z, int[] labels, int start, int rows, float[] pixels, int offset) {
    int latent = shape.latentSize();
    float[] flat = new float[rows * latent];
    for (int r = 0; r < rows; r++) System.arraycopy(z[start + r], 0, flat, r * latent, latent);
    long[] chunkLabels = new long[labels == null ? 0 : rows];
    for (int r = 0; r < chunkLabels.length; r++) chunkLabels[r] = labels[start + r];
    try (TFloat32 input =
            TFloat32.tensorOf(Shape.of(rows, latent), DataBuffers.of(flat, true, false));
        TInt64 labelInput =
            labels == null
                ? null
                : TInt64.tensorOf(Shape.of(rows), DataBuffers.of(chunkLabels, true, false));
        Result result = run(input, labelInput)) {
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

  private Result run(TFloat32 z, TInt64 labels) {
    var runner = bundle.session().runner().feed(zOutput, z).fetch(imagesOutput);
    if (loadRunOptions != null) runner.setOptions(loadRunOptions);
    if (labels != null) runner.feed(labelsOutput, labels);
    return runner.run();
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

  /**
   * Runs {@code work} on the model's graph and session under the read lock, as {@code generate}
   * does, so {@link #close()} waits for it: for tools of this package that add ops to the loaded
   * graph (the {@link Projector}'s gradient).
   */
  <T> T withSession(SessionWork<T> work) {
    var lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) throw new IllegalStateException("model " + directory + " is closed");
      return work.run(bundle, zOutput, imagesOutput, labelsOutput);
    } finally {
      lock.unlock();
    }
  }

  /** Work on the loaded bundle; {@code labels} is null for an unconditional model. */
  @FunctionalInterface
  interface SessionWork<T> {
    T run(SavedModelBundle bundle, Output<?> z, Output<?> images, Output<?> labels);
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
        + (conditional() ? ", " + classes.count() + " classes" : "")
        + "]";
  }
}
