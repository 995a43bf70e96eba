package dev.dcgan.serve;

import static dev.dcgan.serve.ServeFixture.MNIST;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.Gson;
import dev.dcgan.inference.LatentNoise;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent requests share model runs, and each gets its own rows back. */
class BatchingTest {
  private static final Gson GSON = new Gson();
  static final int CLIENTS = 8;

  @Test
  void concurrentRequestsAreServedByFewerRuns(@TempDir Path tmp) throws Exception {
    Path models = ServeFixture.modelsFolder(tmp, MNIST);
    // A batch closes when it holds CLIENTS rows; the long timeout only matters if some are late.
    var limits = ServeLimits.defaults().withBatching(CLIENTS, Duration.ofSeconds(2));
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try (var server =
        DcganServer.start(DcganServer.Config.of(models).withPort(0).withLimits(limits))) {
      ServedModel served = server.models().find(MNIST, null);
      long runsBefore = served.batcher().runs();
      var start = new CountDownLatch(1);
      List<Future<ServeFixture.Answer>> answers = new ArrayList<>();
      List<float[]> expected = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        float[][] z = LatentNoise.gaussian(1, 100, 100 + c);
        expected.add(served.model().generate(z).pixels());
        String body = "{\"instances\": " + GSON.toJson(z) + "}";
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return ServeFixture.post(
                      server.uri().resolve("/v1/models/" + MNIST + ":predict"), body);
                }));
      }
      start.countDown();
      for (int c = 0; c < CLIENTS; c++) {
        var answer = answers.get(c).get();
        assertEquals(200, answer.status(), answer.body());
        float[] got = RestApiTest.flat(answer.json().getAsJsonArray("predictions"));
        // A batch of 8 may round differently from a batch of 1 (other kernels): nearest, not equal.
        int nearest = 0;
        for (int k = 1; k < CLIENTS; k++)
          if (maxDiff(expected.get(k), got) < maxDiff(expected.get(nearest), got)) nearest = k;
        assertEquals(c, nearest, "client " + c + " got client " + nearest + "'s image");
        assertTrue(
            maxDiff(expected.get(c), got) < 1e-3,
            "client " + c + ": " + maxDiff(expected.get(c), got));
      }
      long runs = served.batcher().runs() - runsBefore;
      assertTrue(runs >= 1 && runs < CLIENTS, CLIENTS + " requests took " + runs + " runs");
    } finally {
      pool.shutdownNow();
    }
  }

  static double maxDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    return max;
  }

  @Test
  void aFullQueueIsRefusedAndClosingRunsWhatWasQueued(@TempDir Path tmp) throws Exception {
    Path models = ServeFixture.modelsFolder(tmp, MNIST);
    try (var server = DcganServer.start(DcganServer.Config.of(models).withPort(0))) {
      var model = server.models().find(MNIST, null).model();
      var limits = new ServeLimits(1 << 20, 8, 8, Duration.ofHours(1), 1, 1 << 20);
      var batcher = new Batcher(model, limits, "test");
      float[][] z = LatentNoise.gaussian(1, 100, 1);
      // The worker holds the first job an hour for its batch to fill; the queue takes one more.
      List<CompletableFuture<dev.dcgan.inference.GeneratedImages>> submitted = new ArrayList<>();
      ApiException full = null;
      for (int i = 0; i < 4 && full == null; i++) {
        try {
          submitted.add(batcher.submit(z, null));
        } catch (ApiException e) {
          full = e;
        }
      }
      assertNotNull(full, "a queue of 1 took 4 requests");
      assertEquals(503, full.status());
      batcher.close(); // does not wait the hour: what was taken runs now
      float[] expected = model.generate(z).pixels();
      for (var f : submitted) assertTrue(maxDiff(expected, f.get().pixels()) < 1e-3);
      var closed = assertThrows(ApiException.class, () -> batcher.submit(z, null));
      assertEquals(503, closed.status());
    }
  }
}
