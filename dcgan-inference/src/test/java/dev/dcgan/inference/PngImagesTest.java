package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PngImagesTest {
  static PngImages two(byte first) {
    return new PngImages(
        2, 1, 2, 1, new byte[] {first, 2, 3, 4}, List.of(new byte[] {9}, new byte[] {8, 7}));
  }

  @Test
  void equalContentsAreEqualAndArraysAreCopies() {
    byte[] pixels = {1, 2, 3, 4};
    var pngs = new ArrayList<byte[]>(List.of(new byte[] {9}, new byte[] {8, 7}));
    var images = new PngImages(2, 1, 2, 1, pixels, pngs);
    pixels[0] = 100;
    pngs.get(0)[0] = 100;
    images.uint8()[1] = 100;
    images.png(1)[0] = 100;
    assertEquals(two((byte) 1), images);
    assertEquals(two((byte) 1).hashCode(), images.hashCode());
    assertNotEquals(two((byte) 5), images);
    assertArrayEquals(new byte[] {8, 7}, images.pngs().get(1));
  }

  @Test
  void sizesMustAgree() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PngImages(3, 1, 2, 1, new byte[4], List.of(new byte[1], new byte[1])));
    assertTrue(e.getMessage().contains("expected 6 pixels and 3 PNGs"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> two((byte) 1).png(2));
  }

  @Test
  void labelsAreCopiedComparedAndOnePerImage() {
    int[] labels = {3, 1};
    var images = new PngImages(2, 1, 2, 1, new byte[4], List.of(new byte[1], new byte[1]), labels);
    labels[0] = 0;
    images.labels()[1] = 0;
    assertArrayEquals(new int[] {3, 1}, images.labels());
    assertTrue(images.hasLabels());
    assertFalse(two((byte) 1).hasLabels());
    assertEquals(0, two((byte) 1).labels().length);
    var other =
        new PngImages(2, 1, 2, 1, new byte[4], List.of(new byte[1], new byte[1]), new int[] {3, 2});
    assertNotEquals(other, images);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new PngImages(
                    2, 1, 2, 1, new byte[4], List.of(new byte[1], new byte[1]), new int[] {1}));
    assertTrue(e.getMessage().contains("expected 2 labels"), e.getMessage());
  }
}
