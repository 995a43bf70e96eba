package dev.dcgan.train.eval;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.ImageDataset;
import dev.dcgan.train.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate --data's memorisation check, with the shipped MNIST classifier, on planted copies. */
class MemorisationTest {
  @TempDir static Path tmp;
  static ImageDataset train;
  static ImageDataset test;
  static Evaluator evaluator;

  @BeforeAll
  static void open() throws IOException {
    train = DataSets.load(TestData.mnist(), Split.TRAIN).first(2000);
    test = DataSets.load(TestData.mnist(), Split.TEST).first(600);
    var classifier =
        ClassifierModel.load(TestData.root().resolve("models").resolve("classifier-mnist"));
    evaluator = new Evaluator(classifier, train, test);
  }

  @AfterAll
  static void close() {
    evaluator.close();
  }

  /** Images as floats in [0, 1]: {@code n} of {@code data} from {@code start}. */
  static void copy(ImageDataset data, int start, int n, float[] into, int at) {
    for (int i = 0; i < n * 784; i++)
      into[at * 784 + i] = (data.pixels()[start * 784 + i] & 0xff) / 255f;
  }

  @Test
  void plantedCopiesAreCountedAndPictured() throws IOException {
    // 40 training images 100..139 (copies) and 40 test images 500..539 (new to the generator).
    var samples = new float[80 * 784];
    copy(train, 100, 40, samples, 0);
    copy(test, 500, 40, samples, 40);
    Path picture = tmp.resolve("pairs.png");
    var m = evaluator.memorisation("planted", samples, 80, 0, picture);

    assertEquals(80, m.samples());
    assertEquals(2000, m.trainingImages());
    assertFalse(m.heldOutOfFolder());
    for (var space : new CopyCheck.Result[] {m.features(), m.pixels()}) {
      // Every copy, and new images about as often as the test images come that near (5%).
      assertTrue(space.copyShare() >= 0.5 && space.copyShare() <= 0.5 + 6 / 80.0, "" + space);
      for (var pair : space.closest()) {
        assertTrue(pair.sample() < 40, "the closest are the copies: " + pair);
        assertEquals(100 + pair.sample(), pair.training());
        assertEquals(0, pair.distance(), 1e-6);
      }
      assertEquals(Memorisation.PAIRS, space.closest().size());
    }
    var manifolds = m.manifolds();
    assertTrue(manifolds.precision() > 0.5, "real images are precise: " + manifolds);
    assertTrue(manifolds.coverage() > 0 && manifolds.coverage() <= 1, "" + manifolds);
    var png = ImageIO.read(picture.toFile());
    assertEquals(8 * 28 + 7 * 2, png.getWidth(), "8 pairs side by side");
    assertEquals(2 * 28 + 2, png.getHeight(), "samples above, training images below");
    assertTrue(m.toString().contains("pairs.png"));
  }

  @Test
  void noiseIsNeitherACopyNorPrecise() throws IOException {
    var random = new java.util.Random(4);
    var noise = new float[60 * 784];
    for (int i = 0; i < noise.length; i++) noise[i] = random.nextFloat();
    var m = evaluator.memorisation("noise", noise, 60, 0, null);
    assertEquals(0, m.features().copyShare());
    assertEquals(0, m.pixels().copyShare());
    assertTrue(m.manifolds().recall() < 0.2, "" + m.manifolds());
    assertNull(m.picture());
    var closest =
        m.features().closest().stream().map(CopyCheck.Pair::sample).collect(Collectors.toSet());
    assertEquals(Memorisation.PAIRS, closest.size(), "distinct samples");
  }
}
