package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The class names a conditional model's metadata lists. */
class ClassNamesTest {
  @Test
  void knownDataSetsHaveTheirAuthorsNames() {
    int[] labels = {0, 9, 3};
    assertEquals("ankle boot", ClassNames.of("fashion-mnist", labels).get(9));
    assertEquals("t-shirt/top", ClassNames.of("fashion-mnist", labels).get(0));
    assertEquals("truck", ClassNames.of("cifar10", labels).get(9));
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), ClassNames.MNIST);
    // A few images of MNIST still have all ten classes.
    assertEquals(ClassNames.MNIST, ClassNames.of("mnist", new int[] {1, 2}));
  }

  @Test
  void otherLabelsAreNamedByNumberAndNoLabelsNoNames() {
    assertEquals(List.of("0", "1", "2", "3"), ClassNames.of("letters", new int[] {3, 0}));
    assertNull(ClassNames.of("mnist", null));
  }

  @Test
  void aDataSetRefusesLabelsItHasNoNameFor() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ImageDataset(
                    "d", 2, 1, 1, 1, new byte[2], new int[] {0, 2}, List.of(), List.of("a", "b")));
    assertTrue(e.getMessage().contains("label 2 is not one of its 2 classes"), e.getMessage());
  }
}
