package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.model.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A few steps of each architecture and image shape, then export and generate through
 * dcgan-inference.
 */
class ArchitecturesSmokeTest {
  @ParameterizedTest
  @CsvSource({"64, 3", "32, 1", "32, 3"})
  void trainExportGenerateOnFakeData(int side, int channels, @TempDir Path tmp) throws IOException {
    var config =
        TrainConfig.builder()
            .data("fake")
            .imageSize(side)
            .channels(channels)
            .limit(16)
            .batchSize(8)
            .epochs(1)
            .ngf(8)
            .ndf(8)
            .runDir(tmp.resolve("run").toString())
            .build();
    var result = new Trainer(config).train(new TrainingListener() {});
    assertEquals(Architecture.DCGAN, result.spec().architecture());
    assertEquals(2, result.steps());
    var version =
        GeneratorExporter.export(
            result.checkpoint(),
            result.spec(),
            tmp.resolve("m"),
            0,
            GeneratorExporter.Provenance.of(result.dataset()).at(1, 2).seed(1).build());
    try (var model = DcganModel.load(version)) {
      assertEquals(side, model.height());
      assertEquals(side, model.width());
      assertEquals(channels, model.channels());
      var images = model.generate(5, 1);
      assertEquals(5 * side * side * channels, images.pixels().length);
      Path grid = tmp.resolve("grid.png");
      images.writeGridPng(grid, 5);
      var png = ImageIO.read(grid.toFile());
      assertEquals(5 * side + 4 * 2, png.getWidth());
      assertEquals(channels == 3, png.getColorModel().getNumColorComponents() == 3);
    }
    var samples = ImageIO.read(tmp.resolve("run/samples/epoch-001.png").toFile());
    assertEquals(8 * side + 7 * 2, samples.getWidth());
  }

  @Test
  void fashionMnistFromDebianTrainsAFewSteps(@TempDir Path tmp) throws IOException {
    Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
    assumeTrue(
        Files.isDirectory(fashion),
        "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist; test.sh does it)");
    var config =
        TrainConfig.builder()
            .data(fashion.toString())
            .limit(128)
            .batchSize(64)
            .epochs(1)
            .runDir(tmp.resolve("run").toString())
            .build();
    var result = new Trainer(config).train(new TrainingListener() {});
    assertEquals("fashion-mnist", result.dataset());
    assertEquals(Architecture.TUTORIAL, result.spec().architecture());
    assertEquals(2, result.steps());
  }
}
