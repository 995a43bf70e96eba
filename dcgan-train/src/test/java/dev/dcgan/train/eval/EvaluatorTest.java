package dev.dcgan.train.eval;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import dev.dcgan.inference.DcganModel;
import dev.dcgan.train.TestData;
import dev.dcgan.train.TestModels;
import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.IdxFile;
import dev.dcgan.train.data.ImageDataset;
import dev.dcgan.train.data.Split;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingListener;
import dev.dcgan.train.util.SessionOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny classifier trained in seconds, and evaluations of real images, noise, one class, and a
 * generator.
 */
class EvaluatorTest {
  @TempDir static Path tmp;
  static ClassifierTrainer.Trained trained;
  static ImageDataset train;
  static ImageDataset test;
  static Evaluator evaluator;

  static final ClassifierTrainer.Settings TINY =
      new ClassifierTrainer.Settings(2, 16, 2e-3f, 1, 32, 3, 3000, SessionOptions.DEFAULT);

  @BeforeAll
  static void trainTinyClassifier() throws IOException {
    trained =
        ClassifierTrainer.train(
            TestData.mnist(), TINY, tmp.resolve("classifier-mnist"), 0, s -> {});
    train = DataSets.load(TestData.mnist(), Split.TRAIN);
    test = DataSets.load(TestData.mnist(), Split.TEST);
    // A part of the test split keeps the test quick; the evaluator takes any reference set.
    evaluator = new Evaluator(ClassifierModel.load(trained.model()), train, test.first(2000));
  }

  @AfterAll
  static void close() {
    evaluator.close();
  }

  /** n training images from {@code start} as floats in [0, 1]. */
  static float[] realImages(int start, int n) {
    float[] x = new float[n * 784];
    for (int i = 0; i < x.length; i++) x[i] = (train.pixels()[start * 784 + i] & 0xff) / 255f;
    return x;
  }

  @Test
  void theClassifierFollowsItsContractAndRecordsItsOwnAccuracy() throws IOException {
    Path v1 = tmp.resolve("classifier-mnist").resolve("1");
    assertEquals(v1, trained.model());
    assertTrue(Files.isRegularFile(v1.resolve("saved_model.pb")));
    assertFalse(Files.exists(v1.resolve(".checkpoint")), "the temporary checkpoint ships");
    var meta = ClassifierMetadata.read(v1);
    assertEquals("mnist", meta.dataset());
    assertEquals(TestData.mnist().toString(), meta.data());
    assertEquals(10, meta.classes());
    assertEquals(32, meta.featureWidth());
    assertEquals(10_000, meta.testImages());
    assertTrue(meta.testAccuracy() > 0.8, "accuracy " + meta.testAccuracy());
    try (var model = ClassifierModel.load(v1.getParent())) {
      assertEquals(v1, model.directory());
      assertEquals("28x28x1", model.shape());
      assertEquals(10, model.classes());
      assertEquals(32, model.featureWidth());
      assertEquals(meta.testAccuracy(), model.run(test).accuracy(test.labels()), 1e-12);
      // One image's outputs do not depend on the rest of the batch (inference-mode batch norm).
      var five = model.run(realImages(0, 5), 5);
      var third = model.run(realImages(2, 1), 1);
      assertArrayEquals(five.features()[2], third.features()[0], 1e-4);
    }
    var graph =
        new String(Files.readAllBytes(v1.resolve("saved_model.pb")), StandardCharsets.ISO_8859_1);
    assertFalse(graph.contains("StatelessRandomUniform"), "the export holds dropout");
    assertFalse(graph.contains("adam"), "the export holds Adam slots");
  }

  @Test
  void realImagesSitNearTheFloorAndNoiseFarAbove() {
    int n = 500;
    var real = evaluator.evaluate("real", realImages(40_000, n), n, 1);
    float[] noise = new float[n * 784];
    var rng = new Random(2);
    for (int i = 0; i < noise.length; i++) noise[i] = rng.nextFloat();
    var fake = evaluator.evaluate("noise", noise, n, 1);

    assertEquals(n, real.generated().classes().images());
    assertEquals(n, real.floor().classes().images());
    assertEquals(2000, real.test().images());
    assertTrue(real.generated().fcd() < 3 * real.floor().fcd() + 1e-3, real.toTable());
    assertTrue(
        fake.generated().fcd() > 10 * real.generated().fcd(),
        fake.generated().fcd() + " vs " + real.generated().fcd());
    assertTrue(
        fake.generated().kcd() > 5 * Math.abs(real.generated().kcd()),
        fake.toTable() + real.toTable());
    assertTrue(
        real.generated().classes().score() > 2 * fake.generated().classes().score(),
        real.toTable() + fake.toTable());
    assertFalse(real.modeCollapse().suspected(), real.toTable());
    // The floor does not depend on what is evaluated.
    assertEquals(real.floor().fcd(), fake.floor().fcd(), 1e-9);
  }

  @Test
  void oneClassIsFlaggedAsModeCollapse() {
    int n = 300;
    float[] ones = new float[n * 784];
    for (int i = 0, found = 0; found < n; i++) {
      if (train.labels()[i] == 1) System.arraycopy(realImages(i, 1), 0, ones, 784 * found++, 784);
    }
    var r = evaluator.evaluate("ones", ones, n, 0);
    assertTrue(r.modeCollapse().suspected(), r.toTable());
    assertTrue(r.modeCollapse().underrepresented().size() >= 8, r.modeCollapse().toString());
    assertFalse(r.modeCollapse().underrepresented().contains(1), r.modeCollapse().toString());
    assertTrue(r.generated().classes().entropy() < 0.5 * Math.log(10), r.toTable());
    assertTrue(r.toTable().contains("SUSPECTED"), r.toTable());
  }

  @Test
  void aBrieflyTrainedGeneratorIsEvaluatedAndItsShapeChecked() throws IOException {
    Path run = tmp.resolve("run");
    var config = TestModels.tinyRun(run);
    var result = new Trainer(config).train(new TrainingListener() {});
    var info = RunFolder.existing(run).readModelInfo();
    // The export's review sees the SavedModel before it is published, and its map lands in the
    // metadata.
    Path version =
        GeneratorExporter.export(
            result.checkpoint(),
            info.spec(),
            tmp.resolve("dcgan"),
            0,
            GeneratorExporter.Provenance.of("mnist").at(1, 2).seed(42).build(),
            savedModel -> {
              try (var g = DcganModel.load(savedModel)) {
                return Map.of("evaluation", evaluator.evaluate("export", g, 64, 0));
              }
            });
    try (var model = DcganModel.load(version)) {
      var r = evaluator.evaluate(version.toString(), model, 200, 3);
      assertEquals(200, r.generated().classes().images());
      assertTrue(
          Double.isFinite(r.generated().fcd()) && r.generated().fcd() > r.floor().fcd(),
          r.toTable());
      var recorded = model.metadata().orElseThrow().extra().get("evaluation");
      assertTrue(
          recorded instanceof Map<?, ?> m
              && m.get("generated") instanceof Map<?, ?> g
              && g.containsKey("fcd"),
          String.valueOf(recorded));

      var json = JsonParser.parseString(r.toJson()).getAsJsonObject();
      assertEquals(
          r.generated().fcd(), json.getAsJsonObject("generated").get("fcd").getAsDouble(), 1e-12);
      assertEquals(10, json.getAsJsonObject("test").getAsJsonArray("counts").size());
      assertTrue(
          r.toTable().contains("real train (floor)") && r.toTable().contains("FCD"), r.toTable());

      try (var small =
          new Evaluator(
              ClassifierModel.load(tinyEightByEightClassifier()),
              eight(Split.TRAIN),
              eight(Split.TEST))) {
        var e =
            assertThrows(IllegalArgumentException.class, () -> small.evaluate("g", model, 10, 0));
        assertTrue(
            e.getMessage().contains("28x28x1") && e.getMessage().contains("reads 8x8x1"),
            e.getMessage());
      }
    }
  }

  /** Synthetic 8x8 data: class 0 dark, class 1 bright; any classifier separates them. */
  static Path tinyEightByEightClassifier() throws IOException {
    Path data = tmp.resolve("eight");
    Files.createDirectories(data);
    var rng = new Random(4);
    for (String split : new String[] {"train", "t10k"}) {
      int n = 200;
      byte[] pixels = new byte[n * 64];
      byte[] labels = new byte[n];
      for (int i = 0; i < n; i++) {
        labels[i] = (byte) (i % 2);
        for (int j = 0; j < 64; j++)
          pixels[i * 64 + j] = (byte) (labels[i] * 150 + rng.nextInt(100));
      }
      IdxFile.write(data.resolve(split + "-images-idx3-ubyte"), new int[] {n, 8, 8}, pixels, false);
      IdxFile.write(data.resolve(split + "-labels-idx1-ubyte"), new int[] {n}, labels, false);
    }
    var t =
        ClassifierTrainer.train(
            data,
            new ClassifierTrainer.Settings(10, 4, 1e-2f, 0, 8, 1, 0, SessionOptions.DEFAULT),
            tmp.resolve("classifier-eight"),
            0,
            s -> {});
    assertEquals(2, t.metadata().classes());
    assertTrue(t.metadata().testAccuracy() >= 0.9, "accuracy " + t.metadata().testAccuracy());
    return t.model();
  }

  static ImageDataset eight(Split split) throws IOException {
    return DataSets.load(tmp.resolve("eight"), split);
  }

  @Test
  void badImagesAndCountsGiveClearErrors() {
    var nan = realImages(0, 2);
    nan[100] = Float.NaN;
    var e1 = assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate("s", nan, 2, 0));
    assertTrue(e1.getMessage().contains("NaN"), e1.getMessage());
    var signed = realImages(0, 2);
    for (int i = 0; i < signed.length; i++) signed[i] = signed[i] * 2 - 1;
    var e2 =
        assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate("s", signed, 2, 0));
    assertTrue(e2.getMessage().contains("[-1, 1] need (x + 1) / 2"), e2.getMessage());
    var e3 =
        assertThrows(
            IllegalArgumentException.class, () -> evaluator.evaluate("s", realImages(0, 1), 1, 0));
    assertTrue(e3.getMessage().contains("at least 2"), e3.getMessage());
    var e4 =
        assertThrows(
            IllegalArgumentException.class, () -> evaluator.evaluate("s", realImages(0, 3), 2, 0));
    assertTrue(e4.getMessage().contains("are not 2 images of 28x28x1"), e4.getMessage());
  }

  @Test
  void samplesFilesAreRawLittleEndianFloatsOfWholeImages() throws IOException {
    float[] x = realImages(7, 3);
    var bytes = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(x);
    Path file = tmp.resolve("three.f32");
    Files.write(file, bytes.array());
    assertEquals(3, SamplesFile.count(file, 28, 28, 1));
    float[] two = SamplesFile.read(file, 28, 28, 1, 2);
    assertArrayEquals(java.util.Arrays.copyOf(x, 2 * 784), two);

    Path cut = tmp.resolve("cut.f32");
    Files.write(cut, java.util.Arrays.copyOf(bytes.array(), 784 * 4 * 2 + 10));
    var e = assertThrows(IOException.class, () -> SamplesFile.count(cut, 28, 28, 1));
    assertTrue(
        e.getMessage()
            .contains(
                "6282 bytes is not a whole number of 28x28x1 float32 images (3136 bytes each)"),
        e.getMessage());
    Path empty = tmp.resolve("empty.f32");
    Files.write(empty, new byte[0]);
    assertThrows(IOException.class, () -> SamplesFile.count(empty, 28, 28, 1));
  }

  @Test
  void samplesFilesLargerThanOneChunkReadWhole() throws IOException {
    var rng = new java.util.Random(3);
    float[] x = new float[500 * 784]; // 1.6 MB: two chunks and a part
    for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat();
    var bytes = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(x);
    Path file = tmp.resolve("five-hundred.f32");
    Files.write(file, bytes.array());
    assertArrayEquals(x, SamplesFile.read(file, 28, 28, 1, 500));
    assertArrayEquals(
        java.util.Arrays.copyOf(x, 337 * 784), SamplesFile.read(file, 28, 28, 1, 337));
  }
}
