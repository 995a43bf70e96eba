package dev.dcgan.train.eval;

import dev.dcgan.train.util.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One evaluation: a set of images measured against a data set's test split with a classifier,
 * beside the same numbers for real training images (the floor a perfect generator would reach at
 * this sample size).
 *
 * @param source what was evaluated: a model folder or a samples file
 * @param dataset the classifier's data set
 * @param classifier the classifier's version folder
 * @param classifierAccuracy its test accuracy, from its metadata (NaN-free: -1 when unknown)
 * @param featureWidth width of the features the distances compare
 * @param seed the seed of z and of the choice of real training images
 * @param evaluatedAt ISO-8601 instant
 * @param generated the images evaluated
 * @param floor as many real training images
 * @param test the test split's own classes (the reference)
 * @param modeCollapse the verdict on the generated images' classes
 * @param conditional for a class-conditional model, the classes asked for against the classes seen,
 *     and each class's FCD; null otherwise
 * @param cas the classification accuracy score, when asked for ({@code --cas}); null otherwise
 * @param codes for a generator with a latent code, the classes each code draws; null otherwise
 * @param memorisation with {@code --data}: the copy check and precision, recall, density and
 *     coverage; null otherwise
 */
public record EvaluationReport(
    String source,
    String dataset,
    String classifier,
    double classifierAccuracy,
    int featureWidth,
    long seed,
    String evaluatedAt,
    Scores generated,
    Scores floor,
    ClassUse test,
    ModeCollapse modeCollapse,
    Conditional conditional,
    Cas cas,
    CodeClasses codes,
    Memorisation memorisation) {

  /** This report with a classification accuracy score. */
  public EvaluationReport withCas(Cas cas) {
    return with(classifier, cas, codes, memorisation);
  }

  /** This report with the classes of a latent code's values. */
  public EvaluationReport withCodes(CodeClasses codes) {
    return with(classifier, cas, codes, memorisation);
  }

  /**
   * This report naming the classifier as given, e.g. project-relative for metadata that may ship.
   */
  public EvaluationReport withClassifier(String classifier) {
    return with(classifier, cas, codes, memorisation);
  }

  /** This report with the memorisation check and the fidelity/diversity split. */
  public EvaluationReport withMemorisation(Memorisation memorisation) {
    return with(classifier, cas, codes, memorisation);
  }

  /** This report with the parts that change after it is made; one copy for every {@code with}. */
  private EvaluationReport with(
      String classifier, Cas cas, CodeClasses codes, Memorisation memorisation) {
    return new EvaluationReport(
        source,
        dataset,
        classifier,
        classifierAccuracy,
        featureWidth,
        seed,
        evaluatedAt,
        generated,
        floor,
        test,
        modeCollapse,
        conditional,
        cas,
        codes,
        memorisation);
  }

  /**
   * What the evaluation of a class-conditional model adds: how often the classifier sees the class
   * that was asked for, and each class's FCD against the test split's images of that class, beside
   * the same numbers for real training images of that class (the floor).
   *
   * @param sampling how the classes of the images were chosen
   * @param accuracy share of the generated images that the classifier labels as the class asked for
   * @param floorAccuracy the same for the real training images of the floor and their labels
   * @param classes one entry per class, in label order
   */
  public record Conditional(
      String sampling, double accuracy, double floorAccuracy, List<PerClass> classes) {}

  /**
   * One class of a conditional evaluation.
   *
   * @param label the class index
   * @param name its name
   * @param images generated images asked for as this class (and as many real ones in the floor)
   * @param testImages test images of this class, the reference of {@code fcd}
   * @param accuracy share of this class's generated images classified as this class
   * @param fcd FCD of this class's generated images against the test images of this class
   * @param floorAccuracy share of the real training images of this class classified as it
   * @param floorFcd FCD of those real images against the test images of this class
   * @param predicted how the classifier labels this class's generated images: a histogram over the
   *     classes
   */
  public record PerClass(
      int label,
      String name,
      int images,
      int testImages,
      double accuracy,
      double fcd,
      double floorAccuracy,
      double floorFcd,
      int[] predicted) {
    /** The class that this class's misclassified images get most often, or -1 if none. */
    public int mostConfusedWith() {
      int worst = -1;
      for (int k = 0; k < predicted.length; k++) {
        if (k != label && predicted[k] > 0 && (worst < 0 || predicted[k] > predicted[worst]))
          worst = k;
      }
      return worst;
    }
  }

  /**
   * The classification accuracy score (Ravuri and Vinyals, 2019): the project's classifier trained
   * on generated images alone, tested on the real test split, beside the same classifier trained on
   * as many real training images.
   *
   * @param perClass images of each class in each training set
   * @param epochs training epochs of each classifier
   * @param testImages real test images both are tested on
   * @param generatedAccuracy test accuracy of the classifier trained on generated images (the CAS)
   * @param realAccuracy test accuracy of the classifier trained on real images
   * @param ratio generatedAccuracy / realAccuracy
   */
  public record Cas(
      int perClass,
      int epochs,
      int testImages,
      double generatedAccuracy,
      double realAccuracy,
      double ratio) {}

  /**
   * Distances of a set to the test split, and its classes.
   *
   * @param fcd Frechet classifier distance
   * @param kcd kernel classifier distance
   * @param kcdStandardError its standard error over blocks (null with a single block)
   */
  public record Scores(double fcd, double kcd, Double kcdStandardError, ClassUse classes) {}

  /**
   * @param images images in the set
   * @param score classifier score (Inception Score with this classifier)
   * @param entropy entropy of the predicted-class histogram, nats
   * @param counts the histogram
   */
  public record ClassUse(int images, double score, double entropy, int[] counts) {
    static ClassUse of(double[][] logits, int[] predictions, int classes) {
      var h = ClassHistogram.of(predictions, classes);
      return new ClassUse(
          predictions.length, ClassifierScore.fromLogits(logits), h.entropy(), h.counts());
    }

    double share(int k) {
      return (double) counts[k] / images;
    }
  }

  /**
   * @param suspected whether some class is underrepresented
   * @param underrepresented classes whose share of the generated images is below {@code threshold}
   *     times their share of the test split
   * @param threshold that fraction
   * @param normalizedEntropy the generated histogram's entropy over ln(classes)
   */
  public record ModeCollapse(
      boolean suspected,
      List<Integer> underrepresented,
      double threshold,
      double normalizedEntropy) {
    static ModeCollapse judge(ClassUse generated, ClassUse test, double threshold) {
      var under = new java.util.ArrayList<Integer>();
      for (int k = 0; k < generated.counts().length; k++) {
        if (generated.share(k) < threshold * test.share(k)) under.add(k);
      }
      double normalized = generated.entropy() / Math.log(generated.counts().length);
      return new ModeCollapse(!under.isEmpty(), List.copyOf(under), threshold, normalized);
    }
  }

  private void memorisationTable(StringBuilder s) {
    var m = memorisation;
    var f = m.manifolds();
    s.append(
        String.format(
            Locale.ROOT,
            "%nfidelity and diversity (%d generated against %d test images, feature space):%n"
                + "  precision %.4f  recall %.4f  (k = %d)   density %.4f  coverage %.4f  (k = %d)%n",
            m.fakeForManifolds(),
            m.realForManifolds(),
            f.precision(),
            f.recall(),
            Manifolds.PR_K,
            f.density(),
            f.coverage(),
            Manifolds.DC_K));
    s.append(
        String.format(
            Locale.ROOT,
            "%ncopies: %d samples against %d training images; a copy is nearer to one than %.0f%%"
                + " of %d %s images are%n",
            m.samples(),
            m.trainingImages(),
            CopyCheck.PERCENTILE,
            m.testImages(),
            m.heldOutOfFolder() ? "held-out" : "test"));
    s.append(
        String.format(
            Locale.ROOT,
            "  %-9s %11s %10s %14s %12s%n",
            "space",
            "copy share",
            "threshold",
            "sample median",
            "test median"));
    for (var e : List.of(Map.entry("features", m.features()), Map.entry("pixels", m.pixels()))) {
      var r = e.getValue();
      s.append(
          String.format(
              Locale.ROOT,
              "  %-9s %10.2f%% %10.4f %14.4f %12.4f%n",
              e.getKey(),
              100 * r.copyShare(),
              r.threshold(),
              r.sampleMedian(),
              r.testMedian()));
    }
    s.append("  closest in features (sample -> training image, distance):");
    for (var p : m.features().closest())
      s.append(String.format(Locale.ROOT, " %d->%d %.3f", p.sample(), p.training(), p.distance()));
    s.append(System.lineSeparator());
    if (m.picture() != null)
      s.append("  picture (samples above, their nearest training images below): ")
          .append(m.picture())
          .append(System.lineSeparator());
  }

  public String toJson() {
    return Json.toJson(this);
  }

  /** The report for people: a table of the sets, the class histogram, the verdict. */
  public String toTable() {
    var s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "evaluation of %s (seed %d)%n", source, seed));
    s.append(
        String.format(
            Locale.ROOT,
            "classifier %s: %s, %s, %d features; reference: the %s test split%n",
            classifier,
            dataset,
            classifierAccuracy >= 0
                ? String.format(Locale.ROOT, "test accuracy %.4f", classifierAccuracy)
                : "test accuracy unknown",
            featureWidth,
            dataset));
    s.append(
        String.format(
            Locale.ROOT,
            "%n%-26s %7s %10s %24s %7s %8s%n",
            "images",
            "count",
            "FCD",
            "KCD",
            "score",
            "entropy"));
    row(s, "generated", generated);
    row(s, "real train (floor)", floor);
    s.append(
        String.format(
            Locale.ROOT,
            "%-26s %7d %10s %24s %7.3f %8.4f%n",
            "test split (reference)",
            test.images(),
            "-",
            "-",
            test.score(),
            test.entropy()));
    s.append(
        String.format(
            Locale.ROOT, "%npredicted classes of the generated images, share (test split's):%n"));
    for (int k = 0; k < test.counts().length; k++) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %d: %5.1f%% (%4.1f%%)%s",
              k,
              100 * generated.classes().share(k),
              100 * test.share(k),
              (k + 1) % 5 == 0 ? System.lineSeparator() : ""));
    }
    if (test.counts().length % 5 != 0) s.append(System.lineSeparator());
    s.append(
        String.format(
            Locale.ROOT,
            "mode collapse: %s (class entropy %.3f of its maximum ln %d)%n",
            modeCollapse.suspected()
                ? "SUSPECTED: classes "
                    + modeCollapse.underrepresented()
                    + " get under "
                    + Math.round(100 * modeCollapse.threshold())
                    + "% of their test-split share"
                : "not seen: every class gets at least "
                    + Math.round(100 * modeCollapse.threshold())
                    + "% of its test-split share",
            modeCollapse.normalizedEntropy(),
            test.counts().length));
    if (conditional != null) conditionalTable(s);
    if (memorisation != null) memorisationTable(s);
    if (cas != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "%nclassification accuracy score (%d images a class, %d epochs, tested on %d real"
                  + " test images):%n  trained on generated images %.4f, on real training images"
                  + " %.4f, ratio %.3f%n",
              cas.perClass(),
              cas.epochs(),
              cas.testImages(),
              cas.generatedAccuracy(),
              cas.realAccuracy(),
              cas.ratio()));
    }
    if (codes != null) codeTable(s);
    return s.toString();
  }

  private void codeTable(StringBuilder s) {
    int classes = codes.counts()[0].length;
    s.append(
        String.format(
            Locale.ROOT,
            "%nthe latent code's values (%d images each), classified: mean purity %.4f, %d of %d"
                + " classes are a code's top class%n%-5s %-9s",
            codes.perCode(),
            codes.meanPurity(),
            codes.classesCovered(),
            classes,
            "code",
            "top"));
    for (int k = 0; k < classes; k++) s.append(String.format(Locale.ROOT, " %5d", k));
    s.append(System.lineSeparator());
    for (int c = 0; c < codes.counts().length; c++) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-5d %-9s",
              c,
              String.format(Locale.ROOT, "%d %.0f%%", codes.topClass(c), 100 * codes.purity(c))));
      for (int n : codes.counts()[c]) s.append(String.format(Locale.ROOT, " %5d", n));
      s.append(System.lineSeparator());
    }
  }

  private void conditionalTable(StringBuilder s) {
    s.append(
        String.format(
            Locale.ROOT,
            "%nclasses asked for (%s):%n  classified as asked: %.4f (real training images: %.4f)%n",
            conditional.sampling(),
            conditional.accuracy(),
            conditional.floorAccuracy()));
    s.append(
        String.format(
            Locale.ROOT,
            "%n%-5s %-16s %6s %9s %10s %10s %10s %6s  %s%n",
            "class",
            "name",
            "images",
            "accuracy",
            "(floor)",
            "class FCD",
            "(floor)",
            "test",
            "mistaken mostly for"));
    for (var c : conditional.classes()) {
      int other = c.mostConfusedWith();
      s.append(
          String.format(
              Locale.ROOT,
              "%-5d %-16s %6d %9.4f %10.4f %10.4f %10.4f %6d  %s%n",
              c.label(),
              c.name().length() > 16 ? c.name().substring(0, 15) + "~" : c.name(),
              c.images(),
              c.accuracy(),
              c.floorAccuracy(),
              c.fcd(),
              c.floorFcd(),
              c.testImages(),
              other < 0
                  ? "-"
                  : String.format(
                      Locale.ROOT,
                      "%d (%.1f%%)",
                      other,
                      100.0 * c.predicted()[other] / Math.max(1, c.images()))));
    }
  }

  private static void row(StringBuilder s, String name, Scores r) {
    String kcd =
        r.kcdStandardError() == null
            ? String.format(Locale.ROOT, "%.5f", r.kcd())
            : String.format(Locale.ROOT, "%.5f +- %.5f", r.kcd(), r.kcdStandardError());
    s.append(
        String.format(
            Locale.ROOT,
            "%-26s %7d %10.4f %24s %7.3f %8.4f%n",
            name,
            r.classes().images(),
            r.fcd(),
            kcd,
            r.classes().score(),
            r.classes().entropy()));
  }
}
