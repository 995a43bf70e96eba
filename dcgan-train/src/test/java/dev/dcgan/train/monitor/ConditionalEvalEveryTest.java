package dev.dcgan.train.monitor;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingListener.EpochSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --eval-every} on a class-conditional run, with the shipped MNIST classifier. */
class ConditionalEvalEveryTest {
  @Test
  void aConditionalRunIsMeasuredOnBalancedClassesAndWritesEvalCsv(@TempDir Path tmp)
      throws IOException {
    Path run = tmp.resolve("run");
    var config =
        TrainConfig.builder()
            .data(TestData.mnist().toString())
            .limit(128)
            .batchSize(64)
            .epochs(1)
            .conditional(true)
            .runDir(run.toString())
            .build();
    Path models = TestData.root().resolve("models");
    var drawSizes = new ArrayList<Integer>();
    var scalars = new ArrayList<Float>();
    EvaluationListener.MeasureFactory factory =
        dir -> {
          var fcd = ClassifierFcd.open(dir, models, 0);
          return new EvaluationListener.Measure() {
            @Override
            public double of(EpochSummary s) {
              // Record how G is asked to draw: it numbers classes 0, 1, 2, ... from each draw's
              // start, so whole rounds of the ten classes per draw keep the images balanced.
              return fcd.of(
                  new EpochSummary(
                      s.epoch(),
                      s.epochs(),
                      s.step(),
                      s.mean(),
                      s.imagesPerSecond(),
                      s.seconds(),
                      s.samples(),
                      z -> {
                        drawSizes.add(z.length);
                        return s.generator().draw(z);
                      }));
            }

            @Override
            public void close() {
              fcd.close();
            }
          };
        };
    try (var listener = new EvaluationListener(run, 1, factory, (t, s, v) -> scalars.add(v))) {
      new Trainer(config).train(listener);
    }
    var rows = Files.readAllLines(run.resolve(EvaluationListener.TABLE));
    assertEquals(2, rows.size(), rows.toString());
    assertTrue(rows.get(1).startsWith("1,2,"), rows.toString());
    double fcd = Double.parseDouble(rows.get(1).split(",")[2]);
    assertTrue(fcd > 0 && Double.isFinite(fcd), rows.toString());
    // eval.csv keeps 4 decimals; the TensorBoard scalar is the value itself.
    assertEquals(1, scalars.size(), scalars.toString());
    assertEquals(fcd, scalars.get(0), 1e-4 + 1e-7 * fcd, "eval.csv against the scalar");
    assertEquals(EvaluationListener.COUNT, drawSizes.stream().mapToInt(i -> i).sum());
    for (int size : drawSizes) assertEquals(0, size % 10, "a draw of " + size + " images");
    assertTrue(Files.isDirectory(EvaluationListener.bestCheckpoint(run)));
  }
}
