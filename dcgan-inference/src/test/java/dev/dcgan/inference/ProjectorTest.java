package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** GAN inversion through the shipped MNIST generator's graph. */
class ProjectorTest {
  static Path shipped(String name) {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("models").resolve(name))) p = p.getParent();
    assertNotNull(p, "no models/" + name);
    return p.resolve("models").resolve(name);
  }

  @Test
  void projectionComesCloserToAGeneratedPicture() throws Exception {
    try (var model = DcganModel.load(shipped("dcgan-mnist"))) {
      float[] picture = model.generate(1, 5).pixels();
      var fit = new Projector(model).project(picture, -1, 40, 1);
      assertTrue(
          fit.distance() < 0.7 * fit.startDistance(),
          fit.startDistance() + " -> " + fit.distance());
      assertEquals(
          Projector.meanSquaredError(model.generate(new float[][] {fit.z()}).pixels(), picture),
          fit.distance(),
          1e-6);
      // A second projection reuses the loss already added to the graph.
      assertEquals(
          fit.distance(), new Projector(model).project(picture, -1, 40, 1).distance(), 1e-4);
    }
  }

  @Test
  void aConditionalModelProjectsAsAClass() throws Exception {
    try (var model = DcganModel.load(shipped("dcgan-mnist-conditional"))) {
      float[] picture = model.generate(1, 2, 4).pixels();
      var fit = new Projector(model).project(picture, 4, 20, 0);
      assertTrue(
          fit.distance() < fit.startDistance(), fit.startDistance() + " -> " + fit.distance());
      assertThrows(
          IllegalArgumentException.class, () -> new Projector(model).project(picture, -1, 5, 0));
    }
  }

  @Test
  void aPictureOfAnotherSizeIsRefused() throws Exception {
    try (var model = DcganModel.load(shipped("dcgan-mnist"))) {
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Projector.pixelsOf(
                      new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY), model));
      assertTrue(e.getMessage().contains("32x32 pixels; the model makes 28x28"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> new Projector(model).project(new float[5], -1, 1, 0));
    }
  }
}
