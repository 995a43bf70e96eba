package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.train.ProjectPaths;
import dev.dcgan.train.data.MemoryBudget;
import dev.dcgan.train.eval.Evaluator;
import dev.dcgan.train.export.GeneratorExporter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * The evaluation that {@code train} and {@code export} record in an exported model's metadata
 * ({@code extra.evaluation}) when the data set has a classifier under {@code models/} and its test
 * data is at hand. A missing classifier or data set, or a failed evaluation, skips it with a line
 * on the console: the export itself goes on.
 */
final class ExportEvaluation {
  static final int DEFAULT_COUNT = 2000;

  private ExportEvaluation() {}

  static Options addOptions(Options options) {
    return options
        .addOption(Flags.flag("no-eval", "do not evaluate the exported model"))
        .addOption(
            Flags.value(
                "eval-count",
                "N",
                "images the export's evaluation draws (default " + DEFAULT_COUNT + ")"));
  }

  /** Reads the flags; call it before the long work, so a bad value stops the command at once. */
  static Plan plan(CommandLine cl) throws UsageException {
    return new Plan(
        !cl.hasOption("no-eval"),
        Flags.intValue(cl, "eval-count", DEFAULT_COUNT, 2),
        Evaluator.MODELS);
  }

  /**
   * @param models where the classifiers are ({@code models/classifier-<data set>})
   */
  record Plan(boolean enabled, int count, Path models) {
    /**
     * What the exporter runs on the exported SavedModel before publishing it. A class-conditional
     * model is evaluated with its classes balanced, and the report holds its per-class numbers.
     */
    GeneratorExporter.Review review(String dataset, Path modelBase, PrintStream out) {
      if (!enabled) return savedModel -> Map.of();
      Path classifier = Evaluator.defaultClassifier(models, dataset);
      if (!Files.isDirectory(classifier)) {
        out.println(
            "evaluation skipped: no classifier for "
                + dataset
                + " at "
                + classifier
                + " (make one with: "
                + Main.PROGRAM
                + " train-classifier --data PATH)");
        return savedModel -> Map.of();
      }
      return savedModel -> {
        try (var evaluator = Evaluator.open(classifier, null);
            var model = DcganModel.load(savedModel)) {
          evaluator.requireFits(
              "--eval-count " + count, count, MemoryBudget.ofThisJvm(), "lower --eval-count");
          // The metadata may ship: its paths are project-relative, or a folder's name alone.
          var report =
              evaluator.evaluate(
                  ProjectPaths.recordable(modelBase) + " (at export)", model, count, 0);
          out.print(report.toTable());
          String classifierPath = ProjectPaths.recordable(Path.of(report.classifier())).toString();
          return Map.of("evaluation", report.withClassifier(classifierPath));
        } catch (Exception e) {
          out.println("evaluation skipped: " + Main.describe(e));
          return Map.of();
        }
      };
    }
  }
}
