package dev.dcgan.train;

import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Briefly trained, exported generators for tests that need a real model. */
public final class TestModels {
  private TestModels() {}

  /** One epoch on the first 128 MNIST images, batches of 64: the briefest real run. */
  public static TrainConfig tinyRun(Path run) {
    return TrainConfig.builder()
        .data(TestData.mnist().toString())
        .limit(128)
        .batchSize(64)
        .epochs(1)
        .runDir(run.toString())
        .build();
  }

  /**
   * Trains the default MNIST model for one epoch of 128 images in {@code dir/run} and exports it to
   * {@code dir/models/dcgan-mnist/1}.
   *
   * @return the version folder
   */
  public static Path trainAndExport(Path dir) throws IOException {
    Path run = dir.resolve("run");
    var config = tinyRun(run);
    var checkpoint = new Trainer(config).train(new TrainingListener() {}).checkpoint();
    var info = RunFolder.existing(run).readModelInfo();
    return GeneratorExporter.export(
        checkpoint,
        info.spec(),
        dir.resolve("models").resolve("dcgan-mnist"),
        1,
        new GeneratorExporter.Provenance(info.dataset(), 1, 2, 42, Map.of()));
  }
}
