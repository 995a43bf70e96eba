package dev.dcgan.train.cli;

import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.eval.ClassifierTrainer;
import dev.dcgan.train.eval.Evaluator;
import dev.dcgan.train.util.SessionOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code dcgan train-classifier}: the classifier that {@code evaluate} measures with. */
final class TrainClassifierCommand implements Command {
  @Override
  public String name() {
    return "train-classifier";
  }

  @Override
  public String summary() {
    return "train the evaluation classifier of a labelled data set, export it to models/classifier-<data set>/<n>/";
  }

  @Override
  public Options options() {
    var d = ClassifierTrainer.Settings.DEFAULT;
    return Flags.withThreadOptions(new Options())
        .addOption(
            Flags.required(
                "data", "PATH", "folder of labelled IDX files (train and t10k), e.g. data/mnist"))
        .addOption(
            Flags.value("out", "DIR", "model base folder (default models/classifier-<data set>)"))
        .addOption(
            Flags.value(
                "version",
                "N",
                "version folder to create (default: the next free one; never overwrites)"))
        .addOption(Flags.value("epochs", "N", "epochs to train (default " + d.epochs() + ")"))
        .addOption(
            Flags.value("batch-size", "N", "images per update (default " + d.batchSize() + ")"))
        .addOption(
            Flags.value("lr", "LR", "Adam's learning rate (default " + d.learningRate() + ")"))
        .addOption(
            Flags.value(
                "fine-tune-epochs",
                "N",
                "the last N epochs run at a tenth of --lr (default " + d.fineTuneEpochs() + ")"))
        .addOption(
            Flags.value(
                "features", "N", "width of the feature layer (default " + d.featureWidth() + ")"))
        .addOption(
            Flags.value(
                "seed", "S", "fixes weights, data order and dropout (default " + d.seed() + ")"))
        .addOption(
            Flags.value("limit", "N", "train on the first N training images only (default: all)"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    var d = ClassifierTrainer.Settings.DEFAULT;
    long version = Flags.longValue(cl, "version", 0);
    if (version < 0) throw new UsageException("--version must be >= 1");
    int epochs = Flags.intValue(cl, "epochs", d.epochs(), 1);
    int fineTune =
        Flags.intValue(cl, "fine-tune-epochs", Math.min(d.fineTuneEpochs(), epochs - 1), 0);
    if (fineTune > epochs)
      throw new UsageException("--fine-tune-epochs must be at most --epochs (" + epochs + ")");
    var settings =
        new ClassifierTrainer.Settings(
            epochs,
            Flags.intValue(cl, "batch-size", d.batchSize(), 1),
            Flags.floatValue(cl, "lr", d.learningRate(), 0f, 10f),
            fineTune,
            Flags.intValue(cl, "features", d.featureWidth(), 1),
            Flags.longValue(cl, "seed", d.seed()),
            Flags.intValue(cl, "limit", 0, 1),
            new SessionOptions(Flags.intraOpThreads(cl), Flags.interOpThreads(cl)));
    Path data = Path.of(cl.getOptionValue("data"));
    Path base =
        cl.hasOption("out")
            ? Path.of(cl.getOptionValue("out"))
            : dev.dcgan.train.ProjectPaths.resolve(Evaluator.MODELS)
                .resolve("classifier-" + DataSets.nameOf(data));
    out.printf(
        Locale.ROOT,
        "training a classifier on %s: %d epochs (the last %d at a tenth of lr), batch %d, lr %s, "
            + "%d features, seed %d%n",
        data,
        settings.epochs(),
        settings.fineTuneEpochs(),
        settings.batchSize(),
        settings.learningRate(),
        settings.featureWidth(),
        settings.seed());
    var trained =
        ClassifierTrainer.train(
            data,
            settings,
            base,
            version,
            s -> {
              out.println(s);
              out.flush();
            });
    out.printf(
        Locale.ROOT,
        "exported %s: test accuracy %.4f on %d %s test images%n",
        trained.model(),
        trained.metadata().testAccuracy(),
        trained.metadata().testImages(),
        trained.metadata().dataset());
    return 0;
  }
}
