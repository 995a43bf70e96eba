package dev.dcgan.train.serving;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.inference.ModelVersions;
import dev.dcgan.serve.DcganServer;
import dev.dcgan.train.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST client against {@code dcgan serve} for real (the stand-in tests in {@link
 * ServingClientTest} pin the wire format; these that a server speaking it answers what the model
 * computes): the shipped unconditional and conditional models, both signatures, a pinned version.
 */
class ServingClientAgainstDcganServeTest {
  static final String MNIST = "dcgan-mnist";
  static final String CONDITIONAL = "dcgan-mnist-conditional";

  @TempDir static Path tmp;
  static DcganServer server;
  static DcganModel mnist;
  static DcganModel conditional;
  static long mnistVersion;

  /** The shipped model's highest version, linked into the server's models folder. */
  static Path link(Path models, String name) throws IOException {
    Path base = TestData.root().resolve("models").resolve(name);
    Path version = base.resolve(Long.toString(ModelVersions.highest(base).orElseThrow()));
    Files.createDirectories(models.resolve(name));
    Files.createSymbolicLink(models.resolve(name).resolve(version.getFileName()), version);
    return version;
  }

  @BeforeAll
  static void start() throws Exception {
    Path models = tmp.resolve("models");
    Path mnistDir = link(models, MNIST);
    Path conditionalDir = link(models, CONDITIONAL);
    mnistVersion = ModelVersions.versionNumber(mnistDir);
    server = DcganServer.start(DcganServer.Config.of(models).withPort(0));
    mnist = DcganModel.load(mnistDir);
    conditional = DcganModel.load(conditionalDir);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (mnist != null) mnist.close();
    if (conditional != null) conditional.close();
  }

  @Test
  void servingDefaultGivesTheModelsImages() throws Exception {
    float[][] z = LatentNoise.gaussian(4, mnist.latentSize(), 3);
    var images = new ServingClient(server.uri(), MNIST, 0).generate(z);
    assertEquals(4, images.count());
    assertEquals(28, images.height());
    assertEquals(1, images.channels());
    assertArrayEquals(mnist.generate(z).pixels(), images.pixels(), 1e-4f);
  }

  @Test
  void conditionalServingDefaultGivesTheClassesAskedFor() throws Exception {
    float[][] z = LatentNoise.gaussian(2, conditional.latentSize(), 8);
    int[] labels = {7, 1};
    var images = new ServingClient(server.uri(), CONDITIONAL, 0).generate(z, labels);
    assertArrayEquals(labels, images.labels());
    assertArrayEquals(conditional.generate(z, labels).pixels(), images.pixels(), 1e-4f);
  }

  @Test
  void generateGivesTheGraphsPngsByteForByte() throws Exception {
    List<byte[]> pngs = new ServingClient(server.uri(), MNIST, mnistVersion).generatePng(42, 3);
    var expected = mnist.generatePng(42, 3);
    for (int i = 0; i < 3; i++) assertArrayEquals(expected.png(i), pngs.get(i));

    var seven = new ServingClient(server.uri(), CONDITIONAL, 0).generatePng(5, 2, 7);
    assertArrayEquals(new int[] {7, 7}, seven.labels());
    assertArrayEquals(conditional.generatePng(5, 2, 7).png(1), seven.pngs().get(1));
  }

  @Test
  void errorsComeBackAsTfServingsMessages() {
    var missing = new ServingClient(server.uri(), "nope", 0);
    var e = assertThrows(IOException.class, () -> missing.generatePng(1, 1));
    assertTrue(
        e.getMessage().contains("404: Servable not found for request: Latest(nope)"),
        e.getMessage());
    var wrongVersion = new ServingClient(server.uri(), MNIST, mnistVersion + 100);
    e = assertThrows(IOException.class, () -> wrongVersion.generatePng(1, 1));
    assertTrue(e.getMessage().contains("404"), e.getMessage());
  }

  @Test
  void mainWritesThePngs(@TempDir Path out) throws Exception {
    var err = new ByteArrayOutputStream();
    int rc =
        ServingClient.run(
            new String[] {server.uri().toString(), CONDITIONAL, "5", "2", out.toString(), "3"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
    assertArrayEquals(
        conditional.generatePng(5, 2, 3).png(0), Files.readAllBytes(out.resolve("image0000.png")));
    assertEquals(
        URI.create(server.uri() + "v1/models/x:predict").getPath(),
        new ServingClient(server.uri(), "x", 0).predictUri().getPath());
  }
}
