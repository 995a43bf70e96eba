package dev.dcgan.serve;

import static dev.dcgan.serve.ServeFixture.MNIST;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A version folder added while the server runs is served, as TF Serving's latest policy does. */
class VersionPickupTest {
  @Test
  void aNewVersionReplacesTheOldOne(@TempDir Path tmp) throws Exception {
    Path models = ServeFixture.modelsFolder(tmp, MNIST);
    Path shipped = ServeFixture.shippedVersion(MNIST);
    long old = Long.parseLong(shipped.getFileName().toString());
    long next = old + 1;
    var config = DcganServer.Config.of(models).withPort(0).withPoll(Duration.ofMillis(100));
    try (var server = DcganServer.start(config)) {
      var served = new CountDownLatch(1);
      server
          .models()
          .onServed(
              s -> {
                if (s.name().equals(MNIST) && s.version() == next) served.countDown();
              });
      assertEquals(old, server.models().find(MNIST, null).version());

      // A version appears whole (a link, as a rename would), as TF Serving's docs advise.
      Files.createSymbolicLink(models.resolve(MNIST).resolve(Long.toString(next)), shipped);
      assertTrue(served.await(120, TimeUnit.SECONDS), "version " + next + " was not picked up");

      var status = ServeFixture.get(server.uri().resolve("/v1/models/" + MNIST)).json();
      assertEquals(
          Long.toString(next),
          status
              .getAsJsonArray("model_version_status")
              .get(0)
              .getAsJsonObject()
              .get("version")
              .getAsString());
      RestApiTest.assertError(
          ServeFixture.get(server.uri().resolve("/v1/models/" + MNIST + "/versions/" + old)),
          404,
          "Could not find version " + old);
      var predict =
          ServeFixture.post(
              server.uri().resolve("/v1/models/" + MNIST + "/versions/" + next + ":predict"),
              "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 1, \"count\": 1}}");
      assertEquals(200, predict.status(), predict.body());
    }
  }
}
