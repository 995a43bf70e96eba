package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pixels, pictures, grids and PNG files; no TensorFlow needed. */
class GeneratedImagesTest {
  @TempDir Path tmp;

  /** {@code count} images whose pixel value encodes its position, all in (0, 1). */
  static GeneratedImages ramp(int count, int h, int w, int c) {
    float[] p = new float[count * h * w * c];
    for (int k = 0; k < p.length; k++) p[k] = (k % 251 + 1) / 253f;
    return GeneratedImages.of(count, h, w, c, p);
  }

  @Test
  void pixelIndexesNhwc() {
    float[] p = new float[2 * 3 * 4 * 3];
    for (int k = 0; k < p.length; k++) p[k] = k;
    var images = GeneratedImages.of(2, 3, 4, 3, p);
    assertEquals(((1 * 3 + 2) * 4 + 3) * 3 + 1, images.pixel(1, 2, 3, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> images.pixel(2, 0, 0, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> images.pixel(0, 0, 0, 3));
  }

  @Test
  void pixelsCannotBeChangedFromOutside() {
    float[] p = {0.1f, 0.2f};
    var images = GeneratedImages.of(2, 1, 1, 1, p);
    p[0] = 0.9f;
    images.pixels()[1] = 0.9f;
    assertArrayEquals(new float[] {0.1f, 0.2f}, images.pixels());
  }

  @Test
  void wrongPixelCountIsRejected() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> GeneratedImages.of(2, 2, 2, 1, new float[7]));
    assertTrue(e.getMessage().contains("expected 8 pixels"), e.getMessage());
  }

  @Test
  void toUint8RoundsAndClamps() {
    var images =
        GeneratedImages.of(1, 1, 7, 1, new float[] {0f, 1f, 0.5f, -0.2f, 1.7f, Float.NaN, 0.2f});
    assertArrayEquals(
        new byte[] {0, (byte) 255, (byte) 128, 0, (byte) 255, 0, 51}, images.toUint8());
  }

  @Test
  void grayImage() {
    var images = ramp(2, 3, 4, 1);
    BufferedImage image = images.image(1);
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
    assertEquals(4, image.getWidth());
    assertEquals(3, image.getHeight());
    assertEquals(
        ImageGrid.quantize(images.pixel(1, 2, 3, 0)), image.getRaster().getSample(3, 2, 0));
  }

  @Test
  void rgbImage() {
    var images = ramp(2, 3, 4, 3);
    BufferedImage image = images.image(1);
    assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
    int rgb = image.getRGB(3, 2);
    assertEquals(ImageGrid.quantize(images.pixel(1, 2, 3, 0)), (rgb >> 16) & 0xff);
    assertEquals(ImageGrid.quantize(images.pixel(1, 2, 3, 1)), (rgb >> 8) & 0xff);
    assertEquals(ImageGrid.quantize(images.pixel(1, 2, 3, 2)), rgb & 0xff);
  }

  @Test
  void otherChannelCountsHaveNoPicture() {
    var images = ramp(1, 2, 2, 2);
    var e = assertThrows(IllegalArgumentException.class, () -> images.image(0));
    assertTrue(e.getMessage().contains("channels must be 1 or 3"), e.getMessage());
  }

  @Test
  void gridTilesRowMajorWithABlackGap() {
    var images = ramp(64, 5, 6, 3);
    BufferedImage grid = images.grid(8);
    assertEquals(8 * 6 + 7 * 2, grid.getWidth());
    assertEquals(8 * 5 + 7 * 2, grid.getHeight());
    // Image 9 is row 1, column 1; its pixel (y 2, x 3) sits at (1*(6+2)+3, 1*(5+2)+2).
    assertEquals(images.image(9).getRGB(3, 2), grid.getRGB(8 + 3, 7 + 2));
    assertEquals(0, grid.getRGB(6, 0) & 0xffffff); // first gap column
    assertEquals(0, grid.getRGB(0, 5 + 1) & 0xffffff); // second gap row
  }

  @Test
  void gridSizesForPartialRows() {
    assertEquals(3 * 4 + 2 * 2, ramp(3, 4, 4, 1).grid(8).getWidth()); // fewer images than columns
    var grid = ramp(10, 4, 4, 1).grid(4);
    assertEquals(4 * 4 + 3 * 2, grid.getWidth());
    assertEquals(3 * 4 + 2 * 2, grid.getHeight());
    assertThrows(IllegalArgumentException.class, () -> ramp(2, 2, 2, 1).grid(0));
  }

  @Test
  void tileRejectsMixedSizes() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ImageGrid.tile(
                    List.of(
                        new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB),
                        new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB)),
                    2,
                    2));
    assertTrue(e.getMessage().contains("one size"), e.getMessage());
  }

  @Test
  void pngRoundTripCreatesFoldersAndLeavesNoTempFiles() throws IOException {
    var images = ramp(3, 5, 7, 1);
    Path file = tmp.resolve("a/b/c.png");
    images.writePng(2, file);
    BufferedImage back = ImageIO.read(file.toFile());
    assertEquals(7, back.getWidth());
    assertEquals(5, back.getHeight());
    assertEquals(ImageGrid.quantize(images.pixel(2, 4, 6, 0)), back.getRaster().getSample(6, 4, 0));
    images.writePng(0, file); // replaces
    assertEquals(
        ImageGrid.quantize(images.pixel(0, 4, 6, 0)),
        ImageIO.read(file.toFile()).getRaster().getSample(6, 4, 0));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void rgbGridPngRoundTrip() throws IOException {
    var images = ramp(6, 4, 5, 3);
    Path file = tmp.resolve("grid.png");
    images.writeGridPng(file, 3);
    BufferedImage back = ImageIO.read(file.toFile());
    assertEquals(3 * 5 + 2 * 2, back.getWidth());
    assertEquals(2 * 4 + 2, back.getHeight());
    assertEquals(
        images.image(4).getRGB(2, 1) & 0xffffff, back.getRGB(5 + 2 + 2, 4 + 2 + 1) & 0xffffff);
  }

  @Test
  void writeEachNamesFilesInOrder() throws IOException {
    var images = ramp(7, 2, 3, 1);
    List<Path> files = images.writeEach(tmp.resolve("each"), "digit-");
    assertEquals(7, files.size());
    assertEquals(tmp.resolve("each/digit-0000.png"), files.get(0));
    assertEquals(tmp.resolve("each/digit-0006.png"), files.get(6));
    BufferedImage last = ImageIO.read(files.get(6).toFile());
    assertEquals(ImageGrid.quantize(images.pixel(6, 1, 2, 0)), last.getRaster().getSample(2, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> images.writeEach(tmp, "../up"));
  }

  @Test
  void writeEachPadsToTheCount() throws IOException {
    // The last two of 10001 images: named as one call for all 10001 would name them.
    List<Path> files = ramp(2, 1, 1, 1).writeEach(tmp, "", 9999, 10001);
    assertEquals("09999.png", files.get(0).getFileName().toString());
    assertEquals("10000.png", files.get(1).getFileName().toString());
    assertEquals("0000.png", ramp(2, 1, 1, 1).writeEach(tmp, "").get(0).getFileName().toString());
  }

  @Test
  void writeEachInBatchesNamesFilesAsOneCallWould() throws IOException {
    var all = ramp(5, 2, 3, 1);
    var whole = all.writeEach(tmp.resolve("whole"), "x");
    float[] p = all.pixels();
    var first = GeneratedImages.of(3, 2, 3, 1, java.util.Arrays.copyOfRange(p, 0, 18));
    var rest = GeneratedImages.of(2, 2, 3, 1, java.util.Arrays.copyOfRange(p, 18, 30));
    var parts = new java.util.ArrayList<Path>(first.writeEach(tmp.resolve("parts"), "x", 0, 5));
    parts.addAll(rest.writeEach(tmp.resolve("parts"), "x", 3, 5));
    assertEquals(
        whole.stream().map(Path::getFileName).toList(),
        parts.stream().map(Path::getFileName).toList());
    for (int i = 0; i < 5; i++)
      assertArrayEquals(Files.readAllBytes(whole.get(i)), Files.readAllBytes(parts.get(i)));
    var named = rest.writeEach(tmp, "x", 9_999_999, 10_000_001);
    assertEquals("x09999999.png", named.get(0).getFileName().toString(), "8 digits for the total");
    assertEquals("x10000000.png", named.get(1).getFileName().toString());
    assertThrows(IllegalArgumentException.class, () -> rest.writeEach(tmp, "x", 4, 5));
  }

  @Test
  void gridCanvasSizesWithoutAllocating() {
    var size = GridCanvas.size(100_000_000, 28, 28, 10_000, ImageGrid.DEFAULT_GAP);
    assertEquals(10_000 * 28 + 9_999 * 2, size.width());
    assertEquals(size.width(), size.height());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GridCanvas(
                    100_000_000,
                    28,
                    28,
                    BufferedImage.TYPE_BYTE_GRAY,
                    10_000,
                    ImageGrid.DEFAULT_GAP));
    assertTrue(e.getMessage().contains("299998x299998 pixels"), e.getMessage());
  }

  @Test
  void gridCanvasFilledCellByCellEqualsTile() {
    var images = ramp(7, 4, 5, 3);
    var canvas = new GridCanvas(7, 5, 4, ImageGrid.imageType(3), 3, ImageGrid.DEFAULT_GAP);
    for (int i = 6; i >= 0; i--) canvas.put(i, images.image(i)); // any order
    BufferedImage tiled = images.grid(3);
    assertEquals(tiled.getWidth(), canvas.image().getWidth());
    assertEquals(tiled.getHeight(), canvas.image().getHeight());
    for (int y = 0; y < tiled.getHeight(); y++)
      for (int x = 0; x < tiled.getWidth(); x++)
        assertEquals(tiled.getRGB(x, y), canvas.image().getRGB(x, y), "at " + x + "," + y);
  }

  @Test
  void labelsAreCopiedAndOnePerImage() {
    int[] labels = {4, 2};
    var images = GeneratedImages.of(2, 1, 1, 1, new float[] {0.1f, 0.2f}, labels);
    labels[0] = 0;
    images.labels()[1] = 0;
    assertArrayEquals(new int[] {4, 2}, images.labels());
    assertEquals(2, images.label(1));
    assertTrue(images.hasLabels());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GeneratedImages.of(2, 1, 1, 1, new float[2], new int[] {1, 2, 3}));
    assertEquals("expected 2 labels, one per image, got 3", e.getMessage());
    var unlabelled = GeneratedImages.of(2, 1, 1, 1, new float[2]);
    assertFalse(unlabelled.hasLabels());
    assertEquals(0, unlabelled.labels().length);
    assertThrows(IllegalStateException.class, () -> unlabelled.label(0));
  }
}
