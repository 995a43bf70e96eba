package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeldOutTest {
  /** 1x1x1 images whose pixel is their index, 50 of class 0 and 30 of class 1. */
  static ImageDataset numbered() {
    var pixels = new byte[80];
    var labels = new int[80];
    for (int i = 0; i < 80; i++) {
      pixels[i] = (byte) i;
      labels[i] = i < 50 ? 0 : 1;
    }
    return new ImageDataset("numbered", 80, 1, 1, 1, pixels, labels);
  }

  @Test
  void holdsOutATenthOfEachClassTheSameEveryTime() {
    var a = HeldOut.split(numbered());
    assertTrue(a.heldOut());
    assertEquals(8, a.test().count());
    assertEquals(72, a.train().count());
    assertEquals(5, Arrays.stream(a.test().labels()).filter(l -> l == 0).count());
    assertEquals(3, Arrays.stream(a.test().labels()).filter(l -> l == 1).count());
    var seen = new boolean[80];
    for (var part : new ImageDataset[] {a.train(), a.test()})
      for (int i = 0; i < part.count(); i++) {
        int index = part.pixels()[i] & 0xff;
        assertFalse(seen[index], "image " + index + " in both parts");
        seen[index] = true;
        assertEquals(index < 50 ? 0 : 1, part.labels()[i], "labels travel with their images");
      }
    assertArrayEquals(a.test().pixels(), HeldOut.split(numbered()).test().pixels());
  }
}
