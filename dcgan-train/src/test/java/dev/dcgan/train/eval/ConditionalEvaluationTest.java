package dev.dcgan.train.eval;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.data.ClassNames;
import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.ImageDataset;
import dev.dcgan.train.data.Split;
import dev.dcgan.train.util.SessionOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-class half of a conditional evaluation, and the classification accuracy score, with the
 * shipped MNIST classifier and stand-ins whose answers are known: real test images asked for as
 * their own class, and a "generator" that draws a 3 whatever it is asked for.
 */
class ConditionalEvaluationTest {
  static final int REFERENCE = 2000; // the first test images: the reference of the distances
  static ImageDataset train;
  static ImageDataset test;
  static Evaluator evaluator;

  @BeforeAll
  static void open() throws IOException {
    train = DataSets.load(TestData.mnist(), Split.TRAIN);
    test = DataSets.load(TestData.mnist(), Split.TEST);
    evaluator =
        new Evaluator(
            ClassifierModel.load(ShippedClassifiersTest.shipped("mnist")),
            train,
            test.first(REFERENCE));
  }

  @AfterAll
  static void close() {
    evaluator.close();
  }

  /** Indexes of test images past the reference, of class {@code label} (any class if -1). */
  static List<Integer> heldOut(int label, int n) {
    var found = new ArrayList<Integer>();
    for (int i = REFERENCE; i < test.count() && found.size() < n; i++)
      if (label < 0 || test.labels()[i] == label) found.add(i);
    return found;
  }

  static float[] pixels(List<Integer> indexes) {
    float[] x = new float[indexes.size() * 784];
    for (int j = 0; j < indexes.size(); j++)
      for (int p = 0; p < 784; p++)
        x[j * 784 + p] = (test.pixels()[indexes.get(j) * 784 + p] & 0xff) / 255f;
    return x;
  }

  @Test
  void realImagesAskedForAsTheirOwnClassScoreTheClassifiersAccuracy() {
    var images = heldOut(-1, 600);
    int[] asked = images.stream().mapToInt(i -> test.labels()[i]).toArray();
    float[] x = pixels(images);
    var r = evaluator.evaluate("real test images", x, asked, ClassNames.numbered(10), 5);
    var c = r.conditional();
    assertNotNull(c, r.toTable());

    // The share "classified as asked" is the classifier's accuracy on these images, overall and
    // for each class.
    var direct = evaluator.classifier().run(x, asked.length);
    assertEquals(direct.accuracy(asked), c.accuracy(), 1e-12);
    assertTrue(c.accuracy() > 0.97, r.toTable());
    int[] predicted = direct.predictions();
    for (var k : c.classes()) {
      int n = 0;
      int right = 0;
      for (int i = 0; i < asked.length; i++) {
        if (asked[i] != k.label()) continue;
        n++;
        if (predicted[i] == k.label()) right++;
      }
      assertEquals(n, k.images(), "class " + k.label());
      assertEquals((double) right / n, k.accuracy(), 1e-12, "class " + k.label());
      assertEquals(n - right, k.images() - k.predicted()[k.label()]);
      // Real images of a class sit near the floor of that class.
      assertTrue(k.fcd() < 2 * k.floorFcd(), r.toTable());
    }
    // The floor holds as many real training images of each class as were asked for.
    assertEquals(asked.length, r.floor().classes().images());
    assertTrue(c.floorAccuracy() > 0.97, r.toTable());
    assertTrue(r.toTable().contains("classified as asked"), r.toTable());
    assertTrue(r.toJson().contains("\"floorFcd\""), r.toJson());
  }

  @Test
  void aGeneratorThatAlwaysDrawsAThreeIsRightOnlyForThrees() {
    var threes = heldOut(3, 400);
    int[] asked = ClassBalance.labels(threes.size(), 10);
    var r = evaluator.evaluate("always 3", pixels(threes), asked, ClassNames.numbered(10), 5);
    var c = r.conditional();
    assertEquals(0.1, c.accuracy(), 0.02, r.toTable());
    var three = c.classes().get(3);
    assertTrue(three.accuracy() > 0.95, r.toTable());
    assertTrue(three.fcd() < 2 * three.floorFcd(), r.toTable());
    for (var k : c.classes()) {
      assertEquals(40, k.images(), "balanced: 400 images, 40 a class");
      if (k.label() == 3) continue;
      assertTrue(k.accuracy() < 0.05, r.toTable());
      assertEquals(3, k.mostConfusedWith(), r.toTable());
      // Threes are far from the test images of any other class.
      assertTrue(k.fcd() > 5 * k.floorFcd(), r.toTable());
    }
    assertTrue(r.modeCollapse().suspected(), r.toTable());
  }

  @Test
  void conditionalInputsAreChecked() {
    var x = pixels(heldOut(-1, 4));
    var e1 =
        assertThrows(
            IllegalArgumentException.class,
            () -> evaluator.evaluate("s", x, new int[] {0, 1, 2, 10}, ClassNames.numbered(10), 0));
    assertTrue(e1.getMessage().contains("image 3 asks for class 10"), e1.getMessage());
    var e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> evaluator.evaluate("s", x, new int[] {0, 1, 0, 1}, List.of("a", "b"), 0));
    assertTrue(
        e2.getMessage().contains("s has 2 classes") && e2.getMessage().contains("tells 10 apart"),
        e2.getMessage());
  }

  @Test
  void casTrainedOnRealImagesBeatsChanceAndRepeatsForASeed() throws IOException {
    int perClass = 50;
    int[] counts = new int[10];
    java.util.Arrays.fill(counts, perClass);
    // "Generated" images that are real training images, picked with another seed than the real
    // set of the score: CAS then matches the real-data accuracy, well above chance (0.1).
    var stand = ClassBalance.pick(train, counts, 99, "stand-in");
    var settings =
        new ClassifierTrainer.Settings(1, 10, 2e-3f, 0, 32, 7, 0, SessionOptions.DEFAULT);
    var cas = evaluator.cas(stand, perClass, settings, 7);
    assertEquals(perClass, cas.perClass());
    assertEquals(REFERENCE, cas.testImages());
    assertTrue(cas.realAccuracy() > 0.3, cas.toString());
    assertTrue(cas.generatedAccuracy() > 0.3, cas.toString());
    assertEquals(cas.generatedAccuracy() / cas.realAccuracy(), cas.ratio(), 1e-12);
    assertEquals(cas, evaluator.cas(stand, perClass, settings, 7), "the same seed, the same score");
  }
}
