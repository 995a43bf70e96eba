package dev.dcgan.train;

import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
        GeneratorExporter.Provenance.of(info.dataset()).at(1, 2).seed(42).build());
  }

  /**
   * Trains a class-conditional DCGAN on 32 fake 8x8 grayscale images of ten classes (one epoch,
   * batches of 16, narrow networks, EMA) in {@code dir/run} and exports its EMA generator to {@code
   * dir/models/dcgan-fake/1}.
   *
   * @return the version folder
   */
  public static Path trainAndExportConditional(Path dir) throws IOException {
    return trainAndExportConditional(dir, null);
  }

  /**
   * As {@link #trainAndExportConditional(Path)}, with the ten classes exported under {@code
   * classNames} instead of fake's "0" ... "9" (null keeps those), e.g. Fashion-MNIST's names, for
   * tests of class names.
   */
  public static Path trainAndExportConditional(Path dir, List<String> classNames)
      throws IOException {
    Path run = dir.resolve("run");
    var config =
        TrainConfig.builder()
            .data("fake")
            .imageSize(8)
            .channels(1)
            .architecture(dev.dcgan.train.model.Architecture.DCGAN)
            .ngf(4)
            .ndf(4)
            .latentSize(8)
            .conditional(true)
            .ema(0.9f)
            .limit(32)
            .batchSize(16)
            .epochs(1)
            .runDir(run.toString())
            .build();
    var checkpoint = new Trainer(config).train(new TrainingListener() {}).checkpoint();
    var info = RunFolder.existing(run).readModelInfo();
    return GeneratorExporter.export(
        checkpoint,
        info.spec(),
        dir.resolve("models").resolve("dcgan-fake"),
        1,
        GeneratorExporter.Provenance.of(info.dataset())
            .at(1, 2)
            .seed(42)
            .ema(0.9f)
            .classes(classNames == null ? info.classes() : classNames)
            .build());
  }
}
