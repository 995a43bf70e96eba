package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.inference.TinyGeneratorFixture.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Running a loaded generator: determinism, chunking, threads, input checks and close. */
class DcganModelGenerateTest {
  static final Spec GRAY = Spec.of(16, 28, 28, 1);
  static final Spec RGB = Spec.of(5, 8, 8, 3);

  @TempDir static Path shared;
  static DcganModel gray;
  static DcganModel rgb;

  @BeforeAll
  static void load() throws IOException {
    gray = DcganModel.load(TinyGeneratorFixture.export(shared.resolve("gray"), GRAY));
    rgb = DcganModel.load(TinyGeneratorFixture.export(shared.resolve("rgb"), RGB));
  }

  @AfterAll
  static void close() {
    if (gray != null) gray.close();
    if (rgb != null) rgb.close();
  }

  @Test
  void computesTheGraphInNhwcOrder() {
    float[][] z = rgb.sampleLatent(3, 5);
    var images = rgb.generate(z);
    for (int i = 0; i < 3; i++) {
      float[] expected = TinyGeneratorFixture.expectedImage(RGB, z[i]);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(
                expected[(y * 8 + x) * 3 + c],
                images.pixel(i, y, x, c),
                1e-5f,
                "image " + i + " at " + y + "," + x + "," + c);
          }
        }
      }
    }
  }

  @Test
  void sampleLatentIsPinnedToJavaUtilRandom() {
    float[][] z = rgb.sampleLatent(2, 42);
    assertEquals(2, z.length);
    // new Random(42).nextGaussian(), row-major: must never change, or saved seeds break.
    assertArrayEquals(
        new float[] {1.1419053f, 0.91940796f, -0.94986665f, -1.1069903f, 0.28097764f}, z[0]);
    assertEquals(0.6846228f, z[1][0]);
  }

  @Test
  void sameSeedSameImagesOtherSeedOtherImages() {
    float[] a = gray.generate(10, 42).pixels();
    float[] b = gray.generate(10, 42).pixels();
    float[] c = gray.generate(10, 43).pixels();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void anImageDoesNotDependOnItsBatch() {
    float[][] z = gray.sampleLatent(12, 3);
    var batch = gray.generate(z);
    for (int i = 0; i < z.length; i++) {
      var alone = gray.generate(new float[][] {z[i]});
      assertImageEquals(alone, 0, batch, i, 1e-6f);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 64, 300})
  void batchSizes(int count) {
    float[][] z = gray.sampleLatent(count, count);
    var images = gray.generate(z);
    assertEquals(count, images.count());
    assertEquals(28, images.height());
    assertEquals(28, images.width());
    assertEquals(1, images.channels());
    float[] pixels = images.pixels();
    assertEquals(count * 28 * 28, pixels.length);
    for (float v : pixels) assertTrue(v >= 0f && v <= 1f, "pixel " + v + " outside [0, 1]");
    // The chunk borders (256) and the last image must land where they belong.
    for (int i :
        new int[] {0, count / 2, Math.min(count - 1, 255), Math.min(count - 1, 256), count - 1}) {
      assertImageEquals(gray.generate(new float[][] {z[i]}), 0, images, i, 1e-6f);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 300})
  void batchesHoldTheImagesOfOneCallInOrder(int batchSize) {
    var whole = gray.generate(10, 9);
    var batches = new ArrayList<GeneratedImages>();
    gray.generateInBatches(10, 9, batchSize).forEach(batches::add);
    assertEquals((10 + batchSize - 1) / batchSize, batches.size());
    int i = 0;
    for (var batch : batches) {
      assertTrue(batch.count() <= batchSize, batch.toString());
      for (int k = 0; k < batch.count(); k++) assertImageEquals(whole, i++, batch, k, 1e-6f);
    }
    assertEquals(10, i, "every image once");
  }

  @Test
  void batchesStartAgainFromTheSeedOnEachIteration() {
    var batches = gray.generateInBatches(5, 2, 2);
    float[] first = batches.iterator().next().pixels();
    assertArrayEquals(first, batches.iterator().next().pixels());
    assertThrows(IllegalArgumentException.class, () -> gray.generateInBatches(5, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> gray.generateInBatches(0, 2, 1));
  }

  @Test
  void aCountPastOneArrayIsRefusedBeforeZIsDrawn() {
    // z alone for this count would take 137 GB; the refusal must come first.
    var e = assertThrows(IllegalArgumentException.class, () -> gray.generate(Integer.MAX_VALUE, 0));
    assertTrue(e.getMessage().contains("generateInBatches"), e.getMessage());
  }

  @Test
  void gridOf64ImagesAt8ColumnsIs8By8() {
    var grid = gray.generate(64, 1).grid(8);
    assertEquals(8 * 28 + 7 * ImageGrid.DEFAULT_GAP, grid.getWidth());
    assertEquals(8 * 28 + 7 * ImageGrid.DEFAULT_GAP, grid.getHeight());
  }

  @Test
  void concurrentCallsMatchSequentialOnes() throws Exception {
    int threads = 8;
    List<float[]> sequential = new ArrayList<>();
    for (int t = 0; t < threads; t++) sequential.add(gray.generate(20 + t, 100 + t).pixels());
    var pool = Executors.newFixedThreadPool(threads);
    try {
      var start = new CountDownLatch(1);
      List<Future<float[]>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        Callable<float[]> task =
            () -> {
              start.await(); // all threads run at once
              float[] last = null;
              for (int round = 0; round < 5; round++)
                last = gray.generate(20 + seed, 100 + seed).pixels();
              return last;
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      for (int t = 0; t < threads; t++) {
        assertArrayEquals(
            sequential.get(t), futures.get(t).get(60, TimeUnit.SECONDS), "thread " + t);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void wrongWidthOfZ() {
    var e = assertThrows(IllegalArgumentException.class, () -> gray.generate(new float[2][3]));
    assertEquals("z has width 3, the model expects 16", e.getMessage());
  }

  @Test
  void raggedZ() {
    float[][] z = {new float[16], new float[16], new float[15]};
    var e = assertThrows(IllegalArgumentException.class, () -> gray.generate(z));
    assertEquals("z is ragged: row 0 has width 16, row 2 has width 15", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void nonFiniteZIsRefusedNamingRowAndColumn(float bad) {
    float[][] z = gray.sampleLatent(3, 1);
    z[2][5] = bad;
    var e = assertThrows(IllegalArgumentException.class, () -> gray.generate(z));
    assertEquals("z row 2, column 5 is " + bad + "; z must be finite numbers", e.getMessage());
  }

  @Test
  void countBelowOne() {
    var e = assertThrows(IllegalArgumentException.class, () -> gray.generate(0, 1));
    assertEquals("count must be at least 1, was 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> gray.generate(new float[0][]));
    assertEquals("count must be at least 1, was 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> gray.sampleLatent(-3, 1));
    assertEquals("count must be at least 1, was -3", e.getMessage());
  }

  @Test
  void nullRow() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> gray.generate(new float[][] {new float[16], null}));
    assertEquals("z row 1 is null", e.getMessage());
  }

  @Test
  void callsAfterCloseFail() throws IOException {
    var model = DcganModel.load(gray.directory());
    assertEquals(1, model.generate(1, 1).count());
    model.close();
    var e = assertThrows(IllegalStateException.class, () -> model.generate(1, 1));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> model.generate(new float[1][16]));
    assertDoesNotThrow(model::close); // idempotent
    assertEquals(16, model.latentSize()); // plain values stay readable
  }

  @Test
  void closeWhileGeneratingEndsEachCallCleanly() throws Exception {
    var model = DcganModel.load(gray.directory());
    var pool = Executors.newFixedThreadPool(4);
    try {
      var started = new CountDownLatch(4);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  started.countDown();
                  int done = 0;
                  try {
                    while (true) {
                      model.generate(30, done);
                      done++;
                    }
                  } catch (IllegalStateException closed) {
                    return done; // the only acceptable way out
                  }
                }));
      }
      started.await();
      model.close();
      for (var f : futures) {
        try {
          assertTrue(f.get(60, TimeUnit.SECONDS) >= 0);
        } catch (ExecutionException e) {
          throw new AssertionError(
              "generate failed with something other than IllegalStateException", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void generatePngNeedsTheGenerateSignature() {
    assertFalse(gray.hasGenerateSignature());
    var e = assertThrows(UnsupportedOperationException.class, () -> gray.generatePng(1, 2));
    assertTrue(
        e.getMessage().contains("no '" + SavedModelContract.GENERATE + "' signature"),
        e.getMessage());
  }

  private static void assertImageEquals(
      GeneratedImages expected, int i, GeneratedImages actual, int j, float tolerance) {
    for (int y = 0; y < expected.height(); y++) {
      for (int x = 0; x < expected.width(); x++) {
        for (int c = 0; c < expected.channels(); c++) {
          assertEquals(
              expected.pixel(i, y, x, c),
              actual.pixel(j, y, x, c),
              tolerance,
              "image " + j + " at " + y + "," + x + "," + c);
        }
      }
    }
  }
}
