package dev.dcgan.train.eval;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.DcganModel.LoadOptions;
import dev.dcgan.train.data.Background;
import dev.dcgan.train.data.BatchSampler;
import dev.dcgan.train.data.DataFormat;
import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.HeldOut;
import dev.dcgan.train.data.ImageDataset;
import dev.dcgan.train.data.MemoryBudget;
import dev.dcgan.train.data.MemoryLimitException;
import dev.dcgan.train.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Measures generated images the field's way, against a data set's test split, with a classifier
 * trained on that data set ({@link ClassifierTrainer}):
 *
 * <ul>
 *   <li>Frechet classifier distance (FCD) and kernel classifier distance (KCD) between the
 *       classifier's features of the images and of the test split;
 *   <li>the classifier score (Inception Score with this classifier);
 *   <li>the predicted-class histogram and its entropy, and a mode-collapse verdict;
 *   <li>the floor: the same numbers for as many real training images, which is what a perfect
 *       generator would score at this sample size (FCD is biased upwards for small sets).
 * </ul>
 *
 * The test split's features are computed once, when the evaluator is made; close it to free the
 * classifier.
 */
public final class Evaluator implements AutoCloseable {
  /** Samples an evaluation draws unless told otherwise. */
  public static final int DEFAULT_COUNT = 10_000;

  /** A class is underrepresented below this fraction of its test-split share. */
  public static final double UNDERREPRESENTED = 0.25;

  private final ClassifierModel classifier;
  private final ImageDataset train;
  private final ImageDataset test;
  private final FeatureStatistics testStatistics;
  private final double[][] testFeatures;
  private final EvaluationReport.ClassUse testClasses;
  private ConditionalScores conditionalScores; // made at the first conditional evaluation
  private boolean folder; // train and test are the same images, those of a folder
  private double[][] trainFeatures; // made at the first memorisation check

  /** Takes ownership of {@code classifier}: {@link #close()} closes it. */
  public Evaluator(ClassifierModel classifier, ImageDataset train, ImageDataset test) {
    this.classifier = classifier;
    classifier.requireShape(
        train.height(), train.width(), train.channels(), "the training split of " + train.name());
    classifier.requireShape(
        test.height(), test.width(), test.channels(), "the test split of " + test.name());
    this.train = train;
    this.test = test;
    var out = classifier.run(test);
    testFeatures = out.features();
    testStatistics = FeatureStatistics.of(testFeatures);
    testClasses =
        EvaluationReport.ClassUse.of(out.logits(), out.predictions(), classifier.classes());
  }

  /** Where {@code train-classifier} puts classifiers, relative to the working directory. */
  public static final Path MODELS = Path.of("models");

  /**
   * {@code <models>/classifier-<dataset>}: where {@code train-classifier} puts a data set's
   * classifier; a relative one that is not here is the project's (under DCGAN_HOME), so the shipped
   * classifiers are found from a folder that has a {@code models/} of its own.
   */
  public static Path defaultClassifier(Path models, String dataset) {
    // The name comes from a model's metadata, which its author wrote: "../../x" must not lead
    // out of models/.
    if (dataset.isEmpty()
        || dataset.contains("/")
        || dataset.contains("\\")
        || dataset.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "the data set name '"
              + dev.dcgan.inference.SavedModelFile.printable(dataset)
              + "' is not a folder name (it is empty or holds a path separator), so it names no"
              + " classifier in "
              + models
              + "; pass --classifier DIR");
    }
    return dev.dcgan.train.ProjectPaths.resolve(models.resolve("classifier-" + dataset));
  }

  /** {@code models/classifier-<dataset>}. */
  public static Path defaultClassifier(String dataset) {
    return defaultClassifier(MODELS, dataset);
  }

  /**
   * Loads a classifier and the data set it was trained on.
   *
   * @param classifierDir a classifier's version or base folder
   * @param data the data set's folder, or null for the one the classifier's metadata names
   */
  public static Evaluator open(Path classifierDir, Path data) throws IOException {
    return open(classifierDir, data, LoadOptions.defaults());
  }

  /**
   * Loads a classifier, with options, and the data set it was trained on.
   *
   * @param classifierDir a classifier's version or base folder
   * @param data the data set's folder, or null for the one the classifier's metadata names
   * @param options how to load the classifier (whether to check its ops)
   */
  public static Evaluator open(Path classifierDir, Path data, LoadOptions options)
      throws IOException {
    return open(classifierDir, data, options, Background.WHITE);
  }

  /**
   * As above, a folder's transparent pixels composited over {@code background} (as the run being
   * evaluated trained on them).
   */
  public static Evaluator open(
      Path classifierDir, Path data, LoadOptions options, Background background)
      throws IOException {
    if (!Files.isDirectory(classifierDir)) {
      throw new NoSuchFileException(
          classifierDir.toString(),
          null,
          "no classifier there; train one with 'dcgan "
              + "train-classifier --data PATH --out "
              + classifierDir
              + "' or name one with --classifier DIR");
    }
    var classifier = ClassifierModel.load(classifierDir, options);
    try {
      Path dataPath = data;
      if (dataPath == null) {
        var meta =
            classifier
                .metadata()
                .orElseThrow(
                    () ->
                        new IOException(
                            "classifier "
                                + classifier.directory()
                                + " has no "
                                + ClassifierMetadata.FILE
                                + " to name its data set; pass --data PATH"));
        dataPath = locate(Path.of(meta.data()), classifier.directory());
      }
      var reading = dev.dcgan.train.data.LoadOptions.DEFAULT.withBackground(background);
      var evaluator =
          new Evaluator(
              classifier,
              DataSets.load(dataPath, null, Split.TRAIN, reading),
              DataSets.load(dataPath, null, Split.TEST, reading));
      // A folder has one set of images: both "splits" are all of it.
      evaluator.folder = DataFormat.detect(dataPath) == DataFormat.FOLDER;
      return evaluator;
    } catch (IOException | RuntimeException e) {
      classifier.close();
      throw e;
    }
  }

  /**
   * The classifier's data folder as its metadata gives it: absolute, or relative to the working
   * directory or to the project root that holds {@code models/<name>/<n>/}.
   */
  private static Path locate(Path data, Path classifierVersion) throws NoSuchFileException {
    if (Files.exists(data)) return data;
    Path root = classifierVersion.toAbsolutePath().normalize().getParent();
    for (int up = 0; up < 2 && root != null; up++) root = root.getParent();
    if (!data.isAbsolute() && root != null && Files.exists(root.resolve(data)))
      return root.resolve(data);
    throw new NoSuchFileException(
        data.toString(),
        null,
        "the data set of classifier " + classifierVersion + " is not here; pass --data PATH");
  }

  /**
   * Fails, before anything is drawn or read, when {@code count} images cannot be evaluated in
   * memory: each takes its float32 pixels twice (as drawn, and the copy evaluated), a real training
   * image for the floor, and rows of logits and features for both.
   *
   * @param subject what the images are, for the message ("--count 20000000")
   * @param remedy what the user can do, ending the message
   */
  public void requireFits(String subject, long count, MemoryBudget memory, String remedy)
      throws MemoryLimitException {
    long pixels = classifier.imageSize();
    long rows = 2 * (2 * 16 + 8L * (classifier.classes() + classifier.featureWidth()));
    memory.require(
        String.format(
            Locale.ROOT,
            "%s: %d images of %dx%dx%d to evaluate",
            subject,
            count,
            classifier.height(),
            classifier.width(),
            classifier.channels()),
        count,
        2 * 4 * pixels + pixels + rows,
        pixels,
        remedy);
  }

  /**
   * Evaluates {@code count} images the generator draws from z of {@code seed}. A class-conditional
   * generator draws the classes balanced (image i is class i mod K, from the same z as an
   * unconditional one would use), and the report holds the per-class numbers as well.
   */
  public EvaluationReport evaluate(String source, DcganModel generator, int count, long seed) {
    requireGenerator(generator);
    requireCount(count);
    if (!generator.conditional())
      return evaluate(source, generator.generate(count, seed).pixels(), count, seed);
    int[] labels = ClassBalance.labels(count, classifier.classes());
    var images = generator.generate(generator.sampleLatent(count, seed), labels);
    return evaluate(source, images.pixels(), labels, generator.classNames(), seed);
  }

  private void requireGenerator(DcganModel generator) {
    classifier.requireShape(
        generator.height(),
        generator.width(),
        generator.channels(),
        "generator " + generator.directory());
    if (generator.conditional())
      requireClasses("generator " + generator.directory(), generator.classNames());
  }

  /**
   * Evaluates images that were asked for as given classes (a class-conditional generator's): the
   * overall numbers as {@link #evaluate(String, float[], int, long)} gives them, and for each class
   * the share the classifier labels as asked and the FCD against the test split's images of that
   * class. The floor is real training images of the same classes in the same numbers.
   *
   * @param nhwc {@code requested.length} NHWC images in [0, 1] of the classifier's shape
   * @param requested the class image i was asked for
   * @param classNames the names of the classes, label order, as many as the classifier has
   * @param seed picks the real training images of the floor
   */
  public EvaluationReport evaluate(
      String source, float[] nhwc, int[] requested, List<String> classNames, long seed) {
    int count = requested.length;
    requireCount(count);
    requireClasses(source, classNames);
    int classes = classifier.classes();
    for (int i = 0; i < count; i++) {
      if (requested[i] < 0 || requested[i] >= classes)
        throw new IllegalArgumentException(
            source
                + ": image "
                + i
                + " asks for class "
                + requested[i]
                + ", not in 0.."
                + (classes - 1));
    }
    requireImageRange(source, nhwc);
    var generated = classifier.run(nhwc, count);
    var floorImages =
        ClassBalance.pick(
            train, ClassBalance.counts(requested, classes), seed, train.name() + " (train sample)");
    var floor = classifier.run(floorImages);
    var conditional =
        conditionalScores().of(classNames, generated, requested, floor, floorImages.labels());
    return report(source, seed, generated, floor, conditional);
  }

  /**
   * The classification accuracy score of a class-conditional generator: a classifier trained on
   * {@code perClass} of its images of each class (balanced, z of {@code seed}), and one trained on
   * as many real training images of each class (picked by {@code seed}), both tested on the test
   * split.
   *
   * @param settings how both classifiers train (see {@link #casSettings(int, long)})
   */
  public EvaluationReport.Cas cas(
      DcganModel generator, int perClass, ClassifierTrainer.Settings settings, long seed)
      throws IOException {
    requireGenerator(generator);
    if (!generator.conditional())
      throw new IllegalArgumentException(
          "generator "
              + generator.directory()
              + " is not class-conditional: the classification accuracy score needs a class for"
              + " every image");
    if (perClass < 1)
      throw new IllegalArgumentException("images per class must be >= 1, got " + perClass);
    int[] labels = ClassBalance.labels(perClass * classifier.classes(), classifier.classes());
    var images = generator.generate(generator.sampleLatent(labels.length, seed), labels);
    requireImageRange("generator " + generator.directory(), images.pixels());
    return cas(
        ClassBalance.quantised(
            "generated",
            images.pixels(),
            labels,
            generator.height(),
            generator.width(),
            generator.channels(),
            train),
        perClass,
        settings,
        seed);
  }

  /**
   * The classification accuracy score of labelled images: {@code generated} against {@code
   * perClass} real training images of each class picked by {@code seed}.
   */
  public EvaluationReport.Cas cas(
      ImageDataset generated, int perClass, ClassifierTrainer.Settings settings, long seed)
      throws IOException {
    requireLabels();
    int[] counts = new int[classifier.classes()];
    java.util.Arrays.fill(counts, perClass);
    var real = ClassBalance.pick(train, counts, seed, train.name() + " (CAS sample)");
    double fake =
        ClassifierTrainer.testAccuracy(generated, test, classifier.classes(), settings, e -> {});
    double truth =
        ClassifierTrainer.testAccuracy(real, test, classifier.classes(), settings, e -> {});
    return new EvaluationReport.Cas(
        perClass, settings.epochs(), test.count(), fake, truth, fake / truth);
  }

  /**
   * How the classifiers of the classification accuracy score train: as {@code train-classifier}
   * does (batch 128, Adam at 1e-3, the last third of the epochs, at most 3, at 1e-4), for {@code
   * epochs} epochs, with {@code seed} for the weights, the order and dropout, and this classifier's
   * feature width.
   */
  public ClassifierTrainer.Settings casSettings(int epochs, long seed) {
    var d = ClassifierTrainer.Settings.DEFAULT;
    return new ClassifierTrainer.Settings(
        epochs,
        d.batchSize(),
        d.learningRate(),
        Math.min(d.fineTuneEpochs(), epochs / 3),
        classifier.featureWidth(),
        seed,
        0,
        d.session());
  }

  private ConditionalScores conditionalScores() {
    if (conditionalScores == null) {
      requireLabels();
      conditionalScores = new ConditionalScores(testFeatures, test.labels(), classifier.classes());
    }
    return conditionalScores;
  }

  private void requireLabels() {
    for (var split : List.of(train, test)) {
      if (split.labels() == null)
        throw new IllegalArgumentException(
            "per-class evaluation needs labels, and the data set "
                + split.name()
                + " has none; pass --data with the labelled data set the classifier was trained on");
    }
  }

  /**
   * A conditional generator's classes must be the classifier's: the same number, label for label.
   */
  private void requireClasses(String source, List<String> classNames) {
    if (classNames.size() != classifier.classes()) {
      throw new IllegalArgumentException(
          source
              + " has "
              + classNames.size()
              + " classes, and classifier "
              + classifier.directory()
              + " tells "
              + classifier.classes()
              + " apart; evaluate it with a classifier of its own data set (--classifier DIR)");
    }
  }

  /**
   * Evaluates {@code count} NHWC images in [0, 1] of the classifier's shape.
   *
   * @param seed picks the real training images of the floor
   */
  public EvaluationReport evaluate(String source, float[] nhwc, int count, long seed) {
    requireCount(count);
    requireImageRange(source, nhwc);
    var generated = classifier.run(nhwc, count);
    var floor = classifier.run(trainingImages(count, seed));
    return report(source, seed, generated, floor, null);
  }

  private EvaluationReport report(
      String source,
      long seed,
      ClassifierModel.Outputs generated,
      ClassifierModel.Outputs floor,
      EvaluationReport.Conditional conditional) {
    var generatedScores = scores(generated);
    var meta = classifier.metadata();
    return new EvaluationReport(
        source,
        meta.map(ClassifierMetadata::dataset).orElse(test.name()),
        classifier.directory().toString(),
        meta.map(ClassifierMetadata::testAccuracy).orElse(-1.0),
        classifier.featureWidth(),
        seed,
        Instant.now().toString(),
        generatedScores,
        scores(floor),
        testClasses,
        EvaluationReport.ModeCollapse.judge(
            generatedScores.classes(), testClasses, UNDERREPRESENTED),
        conditional,
        null,
        null,
        null);
  }

  /**
   * {@link #memorisation(String, float[], int, long, Path)} of images the generator draws from z of
   * {@code seed}: at most {@value Memorisation#MANIFOLD_IMAGES} of them, a class-conditional one's
   * classes balanced.
   */
  public Memorisation memorisation(DcganModel generator, int count, long seed, Path picture)
      throws IOException {
    requireGenerator(generator);
    int n = Math.min(count, Memorisation.MANIFOLD_IMAGES);
    float[] images =
        generator.conditional()
            ? generator
                .generate(
                    generator.sampleLatent(n, seed), ClassBalance.labels(n, classifier.classes()))
                .pixels()
            : generator.generate(n, seed).pixels();
    return memorisation(generator.directory().toString(), images, n, seed, picture);
  }

  /**
   * The memorisation check and precision, recall, density and coverage of generated images (see
   * {@link Memorisation}): the first {@value Memorisation#COPY_SAMPLES} of them against every
   * training image, and up to {@value Memorisation#MANIFOLD_IMAGES} of them against as many test
   * images picked by {@code seed}.
   *
   * @param nhwc {@code count} NHWC images in [0, 1] of the classifier's shape
   * @param picture where to write the closest pairs as a PNG, or null
   */
  public Memorisation memorisation(String source, float[] nhwc, int count, long seed, Path picture)
      throws IOException {
    requireCount(count);
    requireImageRange(source, nhwc);
    int h = classifier.height(), w = classifier.width(), c = classifier.channels();
    int fakeCount = Math.min(count, Memorisation.MANIFOLD_IMAGES);
    var fake = classifier.run(nhwc, fakeCount).features();
    int samples = Math.min(count, Memorisation.COPY_SAMPLES);
    var sampleFeatures = java.util.Arrays.copyOf(fake, samples);
    var samplePixels = Memorisation.pooled(nhwc, samples, h, w, c);
    if (trainFeatures == null) trainFeatures = classifier.run(train).features();
    var trainPixels = Memorisation.pooled(train);
    // The images that set the threshold, and what they are measured against: a folder's held-out
    // tenth against the other nine tenths; else the test split against the training split.
    double[][] testF, testRefF, testP, testRefP;
    int testImages;
    if (folder) {
      int[] heldIdx = HeldOut.testIndices(train);
      int[] restIdx = complement(heldIdx, train.count());
      int[] probe = Memorisation.pick(heldIdx.length, Memorisation.COPY_TEST_IMAGES, seed);
      int[] probeIdx = java.util.Arrays.stream(probe).map(i -> heldIdx[i]).toArray();
      testF = Memorisation.rows(trainFeatures, probeIdx);
      testP = Memorisation.rows(trainPixels, probeIdx);
      testRefF = Memorisation.rows(trainFeatures, restIdx);
      testRefP = Memorisation.rows(trainPixels, restIdx);
      testImages = probeIdx.length;
    } else {
      int[] probe = Memorisation.pick(test.count(), Memorisation.COPY_TEST_IMAGES, seed);
      testF = Memorisation.rows(testFeatures, probe);
      testP = Memorisation.rows(Memorisation.pooled(test.select(probe)), range(probe.length));
      testRefF = trainFeatures;
      testRefP = trainPixels;
      testImages = probe.length;
    }
    var byFeatures =
        CopyCheck.run(trainFeatures, testF, testRefF, sampleFeatures, Memorisation.PAIRS);
    var byPixels = CopyCheck.run(trainPixels, testP, testRefP, samplePixels, Memorisation.PAIRS);
    int[] real = Memorisation.pick(testFeatures.length, Memorisation.MANIFOLD_IMAGES, seed);
    var manifolds = Manifolds.of(Memorisation.rows(testFeatures, real), fake);
    if (picture != null)
      Memorisation.writePicture(
          Memorisation.pairsPicture(byFeatures.closest(), nhwc, train), picture);
    return new Memorisation(
        samples,
        train.count(),
        testImages,
        folder,
        byFeatures,
        byPixels,
        manifolds,
        real.length,
        fakeCount,
        picture == null ? null : picture.toString());
  }

  private static int[] complement(int[] sortedSubset, int count) {
    var in = new boolean[count];
    for (int i : sortedSubset) in[i] = true;
    return java.util.stream.IntStream.range(0, count).filter(i -> !in[i]).toArray();
  }

  private static int[] range(int n) {
    return java.util.stream.IntStream.range(0, n).toArray();
  }

  /** The classes each value of {@code model}'s latent code draws, {@code perCode} images each. */
  public CodeClasses codeClasses(DcganModel model, int codes, int perCode, long seed) {
    return CodeClasses.measure(model, codes, classifier, perCode, seed);
  }

  private EvaluationReport.Scores scores(ClassifierModel.Outputs out) {
    double fcd = FrechetDistance.between(FeatureStatistics.of(out.features()), testStatistics);
    var kcd = KernelDistance.between(testFeatures, out.features());
    return new EvaluationReport.Scores(
        fcd,
        kcd.value(),
        Double.isNaN(kcd.standardError()) ? null : kcd.standardError(),
        EvaluationReport.ClassUse.of(out.logits(), out.predictions(), classifier.classes()));
  }

  /**
   * {@code count} training images in an order fixed by the seed (all of them if there are fewer).
   */
  ImageDataset trainingImages(int count, long seed) {
    int n = Math.min(count, train.count());
    var sampler = new BatchSampler(train, n, seed);
    byte[] bytes = new byte[n * train.imageBytes()];
    sampler.fill(sampler.order(0), 0, bytes);
    return new ImageDataset(
        train.name() + " (train sample)",
        n,
        train.height(),
        train.width(),
        train.channels(),
        bytes,
        null);
  }

  private static void requireCount(int count) {
    if (count < 2)
      throw new IllegalArgumentException("an evaluation needs at least 2 images, got " + count);
  }

  /** Finite and in [0, 1] (up to float rounding), or an error that says where and why. */
  static void requireImageRange(String source, float[] pixels) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < pixels.length; i++) {
      float v = pixels[i];
      if (!Float.isFinite(v))
        throw new IllegalArgumentException(source + ": value " + i + " is " + v);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (min < -1e-3f || max > 1 + 1e-3f) {
      throw new IllegalArgumentException(
          source
              + ": values must lie in [0, 1], these span ["
              + min
              + ", "
              + max
              + "]"
              + (min < -0.5f ? " (images in [-1, 1] need (x + 1) / 2 first)" : ""));
    }
  }

  public ClassifierModel classifier() {
    return classifier;
  }

  public ImageDataset test() {
    return test;
  }

  @Override
  public void close() {
    classifier.close();
  }
}
