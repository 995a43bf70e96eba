package dev.dcgan.train.eval;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The classifiers shipped under models/: their recorded accuracy, and a quick evaluation with the
 * MNIST one.
 */
class ShippedClassifiersTest {
  static Path shipped(String dataset) {
    return TestData.root().resolve(Evaluator.defaultClassifier(dataset));
  }

  @Test
  void theShippedClassifiersMeetTheirAccuracyTargets() throws IOException {
    var mnist = ClassifierMetadata.read(shipped("mnist").resolve("1"));
    assertEquals("mnist", mnist.dataset());
    assertTrue(mnist.testAccuracy() >= 0.99, "MNIST classifier: " + mnist.testAccuracy());
    assertEquals(10_000, mnist.testImages());
    var fashion = ClassifierMetadata.read(shipped("fashion-mnist").resolve("1"));
    assertEquals("fashion-mnist", fashion.dataset());
    assertTrue(
        fashion.testAccuracy() >= 0.90, "Fashion-MNIST classifier: " + fashion.testAccuracy());
    assertEquals(10_000, fashion.testImages());
  }

  /**
   * The emoji classifier (data/emoji is downloaded, not shipped): 64x64 RGB, 9 categories, tested
   * on the held-out tenth, and better than naming the largest category (People & Body, 59.8%).
   */
  @Test
  void theEmojiClassifierTellsTheNineCategoriesApartBetterThanTheMajority() throws IOException {
    var emoji = ClassifierMetadata.read(shipped("emoji").resolve("1"));
    assertEquals("emoji", emoji.dataset());
    assertEquals(
        List.of(64, 64, 3, 9),
        List.of(emoji.height(), emoji.width(), emoji.channels(), emoji.classes()));
    assertEquals(757, emoji.testImages());
    assertTrue(emoji.testAccuracy() > 4522.0 / 7562, "emoji classifier: " + emoji.testAccuracy());
    try (var model = ClassifierModel.load(shipped("emoji"))) {
      assertEquals(64 * 64 * 3, model.imageSize());
      assertEquals(9, model.classes());
    }
  }

  @Test
  void aQuickEvaluationWithTheShippedMnistClassifier() throws IOException {
    try (var evaluator = Evaluator.open(shipped("mnist").resolve("1"), TestData.mnist())) {
      var c = evaluator.classifier();
      assertEquals(ClassifierMetadata.read(c.directory()).featureWidth(), c.featureWidth());
      var train = DataSets.load(TestData.mnist(), Split.TRAIN);
      int n = 300;
      float[] real = new float[n * 784];
      for (int i = 0; i < real.length; i++)
        real[i] = (train.pixels()[50_000 * 784 + i] & 0xff) / 255f;
      float[] noise = new float[n * 784];
      var rng = new Random(1);
      for (int i = 0; i < noise.length; i++) noise[i] = rng.nextFloat();

      var r = evaluator.evaluate("real", real, n, 0);
      var f = evaluator.evaluate("noise", noise, n, 0);
      assertTrue(r.generated().classes().score() > 8, r.toTable());
      assertTrue(r.generated().classes().entropy() > 0.95 * Math.log(10), r.toTable());
      assertFalse(r.modeCollapse().suspected(), r.toTable());
      assertTrue(r.generated().fcd() < 2 * r.floor().fcd() + 1, r.toTable());
      assertTrue(f.generated().fcd() > 20 * r.generated().fcd(), f.toTable() + r.toTable());
      assertTrue(r.test().score() > 9, r.toTable());
    }
  }
}
