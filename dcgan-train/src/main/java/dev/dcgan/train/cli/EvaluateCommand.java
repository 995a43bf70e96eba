package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.train.data.Background;
import dev.dcgan.train.data.MemoryBudget;
import dev.dcgan.train.data.MemoryLimitException;
import dev.dcgan.train.eval.EvaluationReport;
import dev.dcgan.train.eval.Evaluator;
import dev.dcgan.train.eval.SamplesFile;
import dev.dcgan.train.options.TrainOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code dcgan evaluate}: FCD, KCD, classifier score and class histogram of a generator or a
 * samples file.
 */
final class EvaluateCommand implements Command {
  /** Epochs of the classification accuracy score's classifiers, as {@code train-classifier}. */
  static final int CAS_EPOCHS = 10;

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "measure a generator (or a samples file) against the test split: FCD, KCD, classifier score, classes; per class for a conditional model, per code for one with a latent code";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Flags.value(
                "model",
                "DIR",
                "generator to evaluate: version folder, or base folder (highest version)"))
        .addOption(
            Flags.value(
                "samples",
                "FILE",
                "or images made elsewhere: raw little-endian float32 NHWC in [0, 1]"))
        .addOption(
            Flags.value(
                "classifier",
                "DIR",
                "classifier SavedModel (default models/classifier-<the generator's "
                    + "data set>; with --samples, models/classifier-mnist)"))
        .addOption(
            Flags.value(
                "data",
                "PATH",
                "data set folder with the train and test splits (default: the "
                    + "classifier's, from its metadata)"))
        .addOption(
            Flags.value(
                "count",
                "N",
                "images to evaluate, and real training images for the floor (default "
                    + Evaluator.DEFAULT_COUNT
                    + "; with --samples, at most the file's; a class-conditional model draws"
                    + " count/classes of each class, the first count mod classes one more)"))
        .addOption(
            Flags.value(
                "seed",
                "S",
                "seed of z, of the floor's choice of training images and of the --cas"
                    + " classifiers (default 0)"))
        .addOption(
            Flags.value(
                "cas",
                "N",
                "also the classification accuracy score of a class-conditional model: train the"
                    + " classifier on N generated images per class and on N real training images"
                    + " per class, test both on the test split (off by default: it trains two"
                    + " classifiers)"))
        .addOption(
            Flags.value(
                "cas-epochs",
                "E",
                "epochs each --cas classifier trains (default " + CAS_EPOCHS + ")"))
        .addOption(
            Flags.value(
                "pairs",
                "PNG",
                "with --data: write the samples nearest to a training image, above those images,"
                    + " to this PNG"))
        .addOption(OptionFlags.flag(TrainOptions.BACKGROUND))
        .addOption(Flags.flag("json", "print the report as JSON"))
        .addOption(Flags.allowUnsafeOps());
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    if (cl.hasOption("model") == cl.hasOption("samples")) {
      throw new UsageException("give exactly one of --model DIR and --samples FILE");
    }
    int count = Flags.intValue(cl, "count", Evaluator.DEFAULT_COUNT, 2);
    long seed = Flags.longValue(cl, "seed", 0);
    Path data = Flags.path(cl, "data", null);
    Path pairs = Flags.path(cl, "pairs", null);
    if (pairs != null && data == null)
      throw new UsageException("--pairs needs --data: the pairs are samples and training images");
    var loadOptions = Flags.loadOptions(cl); // for the generator and the classifier alike
    // --data's transparent pixels, composited as the evaluated run trained on them.
    var background = OptionFlags.value(cl, TrainOptions.BACKGROUND, Background.WHITE);
    int casPerClass = cl.hasOption("cas") ? Flags.intValue(cl, "cas", 0, 1) : 0;
    int casEpochs = Flags.intValue(cl, "cas-epochs", CAS_EPOCHS, 1);
    if (casPerClass > 0 && !cl.hasOption("model"))
      throw new UsageException(
          "--cas needs a class-conditional --model: images of --samples have no classes");
    EvaluationReport report;
    if (cl.hasOption("model")) {
      try (var model = DcganModel.load(Path.of(cl.getOptionValue("model")), loadOptions)) {
        if (casPerClass > 0 && !model.conditional())
          throw new UsageException(
              "--cas needs a class-conditional model, and "
                  + model.directory()
                  + " is not one; evaluate it without --cas");
        Path classifier = Flags.path(cl, "classifier", null);
        if (classifier == null) {
          String dataset =
              model
                  .metadata()
                  .map(m -> m.dataset())
                  .orElseThrow(
                      () ->
                          new java.io.IOException(
                              model.directory()
                                  + " has no metadata naming its data set; pass --classifier DIR"));
          classifier = Evaluator.defaultClassifier(dataset);
        }
        try (var evaluator = Evaluator.open(classifier, data, loadOptions, background)) {
          requireFits(evaluator, "--count " + count, count, "lower --count");
          if (casPerClass > 0)
            requireFits(
                evaluator,
                "--cas " + casPerClass,
                (long) casPerClass * evaluator.classifier().classes(),
                "lower --cas");
          report = evaluator.evaluate(model.directory().toString(), model, count, seed);
          if (data != null) {
            report = report.withMemorisation(evaluator.memorisation(model, count, seed, pairs));
          }
          int codes = latentCode(model);
          if (codes > 0)
            report =
                report.withCodes(
                    evaluator.codeClasses(model, codes, Math.max(1, count / codes), seed));
          if (casPerClass > 0) {
            report =
                report.withCas(
                    evaluator.cas(
                        model, casPerClass, evaluator.casSettings(casEpochs, seed), seed));
          }
        }
      }
    } else {
      Path samples = Path.of(cl.getOptionValue("samples"));
      try (var evaluator =
          Evaluator.open(
              Flags.path(cl, "classifier", Evaluator.defaultClassifier("mnist")),
              data,
              loadOptions,
              background)) {
        var c = evaluator.classifier();
        int n =
            (int) Math.min(count, SamplesFile.count(samples, c.height(), c.width(), c.channels()));
        requireFits(evaluator, samples.toString(), n, "evaluate its first images with --count N");
        var images = SamplesFile.read(samples, c.height(), c.width(), c.channels(), n);
        report = evaluator.evaluate(samples.toString(), images, n, seed);
        if (data != null)
          report =
              report.withMemorisation(
                  evaluator.memorisation(samples.toString(), images, n, seed, pairs));
      }
    }
    out.print(cl.hasOption("json") ? report.toJson() + System.lineSeparator() : report.toTable());
    return 0;
  }

  /** The number of values of the model's latent code, from its metadata; 0 for none. */
  static int latentCode(DcganModel model) {
    return model
        .metadata()
        .map(m -> m.extra() == null ? null : m.extra().get("latent_code"))
        .filter(Number.class::isInstance)
        .map(v -> ((Number) v).intValue())
        .orElse(0);
  }

  /** Too many images for the heap is a usage error: fewer, or a larger heap, will do. */
  private static void requireFits(Evaluator evaluator, String subject, long count, String remedy)
      throws UsageException {
    try {
      evaluator.requireFits(
          subject,
          count,
          MemoryBudget.ofThisJvm(),
          remedy + ", or give the JVM a larger heap (DCGAN_JAVA_OPTS=-Xmx16g)");
    } catch (MemoryLimitException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
