package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.GridCanvas;
import dev.dcgan.inference.ImageGrid;
import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.TestData;
import dev.dcgan.train.data.ClassNames;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.Conditioning;
import dev.dcgan.train.nn.Variables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Class-conditional training: every loss, both architectures, the grid, exact resume. */
class ConditionalTrainingTest {
  /** Fake 16x16 images of ten classes in turn, tutorial networks. */
  private static TrainConfig.Builder fake(Path run) {
    return TrainerTest.fakeTutorial(run).conditional(true);
  }

  /** Each loss with spectral norm and EMA trains conditionally; the grid has a row per class. */
  @ParameterizedTest
  @EnumSource(LossType.class)
  void everyLossTrainsConditionallyWithSpectralNormAndEma(LossType loss, @TempDir Path tmp)
      throws IOException {
    Path run = tmp.resolve("run");
    var result =
        new Trainer(fake(run).loss(loss).spectralNorm(true).ema(0.9f).build())
            .train(new TrainingListener() {});
    assertEquals(2, result.steps());
    assertEquals(3, TrainerTest.rows(run).size(), "a header and 2 finite rows");
    assertEquals(10, result.spec().classes());
    assertEquals(ClassNames.numbered(10), result.classes());
    assertGridRows(run.resolve("samples/epoch-001.png"), 10, 16);
  }

  /**
   * The DCGAN family at 32x32, conditional, with a D-only update before each G update (which feeds
   * the labels too); 3 classes make a grid of 3 rows.
   */
  @Test
  void dcgan32TrainsConditionally(@TempDir Path tmp) throws IOException {
    Path data = TestData.classFolders(tmp.resolve("data"), 3, 4, 32);
    Path run = tmp.resolve("run");
    var result =
        new Trainer(
                fake(run)
                    .data(data.toString())
                    .imageSize(32)
                    .architecture(Architecture.DCGAN)
                    .ngf(8)
                    .ndf(8)
                    .batchSize(4)
                    .dStepsPerG(2)
                    .build())
            .train(new TrainingListener() {});
    assertEquals(1, result.steps(), "3 batches: D only, D then G, D only");
    assertEquals(java.util.List.of("class0", "class1", "class2"), result.classes());
    assertEquals(result.classes(), RunFolder.existing(run).readModelInfo().classes());
    assertEquals(3, RunFolder.existing(run).readModelInfo().spec().classes());
    assertGridRows(run.resolve("samples/epoch-001.png"), 3, 32);
  }

  /** Twelve classes: the grid shows the first ten. */
  @Test
  void gridShowsTheFirstTenOfMoreClasses(@TempDir Path tmp) throws IOException {
    Path data = TestData.classFolders(tmp.resolve("data"), 12, 1, 16);
    Path run = tmp.resolve("run");
    var result =
        new Trainer(fake(run).data(data.toString()).batchSize(12).build())
            .train(new TrainingListener() {});
    assertEquals(12, result.spec().classes());
    assertGridRows(run.resolve("samples/epoch-001.png"), 10, 16);
  }

  /** A config.json written before --conditional existed resumes as an unconditional run. */
  @Test
  void configWithoutTheFlagResumesUnconditional(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    new Trainer(fake(run).conditional(false).build()).train(new TrainingListener() {});
    Path config = run.resolve(RunFolder.CONFIG);
    String json = Files.readString(config);
    assertTrue(json.contains("\"conditional\": false"), json);
    Files.writeString(config, json.replaceFirst(",\\s*\"conditional\": false", ""));
    assertFalse(Files.readString(config).contains("conditional"));
    var resumed = Trainer.resume(run, 2).train(new TrainingListener() {});
    assertEquals(4, resumed.steps());
    assertFalse(resumed.spec().conditional());
    assertNull(resumed.classes());
  }

  /**
   * A conditional run folder written before --conditioning existed resumes as it was trained, G(z *
   * embed(y)): read as batch-norm conditioning, its checkpoint would not restore (gamma [C] against
   * [classes, C]).
   */
  @Test
  void conditionalRunWithoutConditioningResumesWithInputConditioning(@TempDir Path tmp)
      throws IOException {
    Path run = tmp.resolve("run");
    var first =
        new Trainer(fake(run).conditioning(Conditioning.INPUT).build())
            .train(new TrainingListener() {});
    assertEquals(Conditioning.INPUT, first.spec().conditioning());
    // config.json writes the option's flag value, model.json the enum's name.
    for (var key : List.of(RunFolder.CONFIG + ":input", "model.json:INPUT")) {
      Path file = run.resolve(key.split(":")[0]);
      String value = "\"conditioning\": \"" + key.split(":")[1] + "\"";
      String json = Files.readString(file);
      assertTrue(json.contains(value), json);
      Files.writeString(file, json.replaceFirst(",\\s*" + value, ""));
      assertFalse(Files.readString(file).contains("\"conditioning\""), file.toString());
    }
    var resumed = Trainer.resume(run, 2).train(new TrainingListener() {});
    assertEquals(4, resumed.steps());
    assertEquals(Conditioning.INPUT, resumed.spec().conditioning());
    assertEquals(Conditioning.INPUT, RunFolder.existing(run).readConfig().network().conditioning());
  }

  /** New conditional runs give G the class in every batch norm: G's gamma has a row per class. */
  @Test
  void batchNormConditioningIsTheDefault(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    var result = new Trainer(fake(run).build()).train(new TrainingListener() {});
    assertEquals(Conditioning.BATCH_NORM, result.spec().conditioning());
    assertEquals(
        Conditioning.BATCH_NORM, RunFolder.existing(run).readModelInfo().spec().conditioning());
    try (var graph = new org.tensorflow.Graph()) {
      var tf = org.tensorflow.op.Ops.create(graph);
      var g = result.spec().newGenerator(Variables.initialised(tf, "generator", 1));
      var shapes =
          g.variables().trainable().stream()
              .filter(v -> v.op().name().contains("bn1") && v.op().name().endsWith("gamma"))
              .map(v -> v.shape())
              .toList();
      assertEquals(List.of(org.tensorflow.ndarray.Shape.of(10, 128)), shapes);
    }
  }

  static void assertGridRows(Path grid, int rows, int side) throws IOException {
    var image = ImageIO.read(grid.toFile());
    var expected = GridCanvas.size(rows * 8L, side, side, 8, ImageGrid.DEFAULT_GAP);
    assertEquals(expected.height(), image.getHeight(), "one row per class: " + rows);
    assertEquals(expected.width(), image.getWidth());
  }

  /** A data set without labels: a clear configuration error (exit 2), before anything is built. */
  @Test
  void conditionalNeedsLabels(@TempDir Path tmp) throws IOException {
    Path images = TestData.imageFolder(tmp.resolve("flat"), 4, 16); // no class sub-folders
    var e =
        assertThrows(
            ConfigurationException.class,
            () ->
                new Trainer(fake(tmp.resolve("run")).data(images.toString()).build())
                    .train(new TrainingListener() {}));
    assertTrue(
        e.getMessage().contains("--conditional needs a data set with labels"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("run/model.json")));
  }

  /**
   * Stopped mid-epoch and resumed, a conditional run on MNIST (real labels) repeats the
   * uninterrupted one: the fakes' classes come from the step's stateless stream.
   */
  @Test
  void conditionalRunResumesExactly(@TempDir Path tmp) throws IOException {
    var second = TrainerTest.assertResumesExactly(ConditionalTrainingTest::mnist, tmp, 3);
    assertEquals(8, second.steps());
    assertTrue(RunFolder.existing(tmp.resolve("interrupted")).readConfig().network().conditional());
    assertEquals(ClassNames.MNIST, second.classes());
  }

  static TrainConfig.Builder mnist(Path run) {
    return TrainConfig.builder()
        .data(TestData.mnist().toString())
        .conditional(true)
        .latentSize(16)
        .limit(64)
        .batchSize(16)
        .epochs(2)
        .seed(5)
        .runDir(run.toString());
  }
}
