package dev.dcgan.train.monitor;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.training.Listeners;
import dev.dcgan.train.training.StepMetrics;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingListener;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --eval-every} on images the data set's classifier cannot take (a folder of 32x32 pictures
 * named mnist, for the gray MNIST classifier) fails at the start, naming both shapes, before a step
 * is trained.
 */
class EvalEveryShapeTest {
  @Test
  void aClassifierOfAnotherShapeIsRefusedBeforeTraining(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    // Pictures in a folder named mnist: the data set's name picks models/classifier-mnist.
    Path data = TestData.imageFolder(tmp.resolve("mnist"), 64, 32);
    var config =
        TrainConfig.builder()
            .data(data.toString())
            .imageSize(32)
            .channels(1)
            .batchSize(64)
            .epochs(1)
            .runDir(run.toString())
            .build();
    Path models = TestData.root().resolve("models");
    var steps = new AtomicLong();
    TrainingListener counter =
        new TrainingListener() {
          @Override
          public void onStep(long step, int epoch, int batch, StepMetrics metrics) {
            steps.incrementAndGet();
          }
        };
    var e =
        assertThrows(
            UncheckedIOException.class,
            () -> {
              try (var listener =
                  new EvaluationListener(
                      run, 1, dir -> ClassifierFcd.open(dir, models, 0), (t, s, v) -> {})) {
                new Trainer(config).train(Listeners.of(counter, listener));
              }
            });
    assertTrue(
        e.getMessage().contains("takes 28x28x1 images, and this run draws 32x32x1"),
        e.getMessage());
    assertEquals(0, steps.get(), "trained before the check");
  }
}
