package dev.dcgan.train.distributed;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.ModelSpec;
import org.junit.jupiter.api.Test;

class GradientBytesTest {
  @Test
  void tutorialNetworksHaveTheKerasTutorialsTrainableParameters() {
    // tensorflow.org's DCGAN tutorial, model.summary(): D 212,865 parameters; G 2,330,944, of
    // which 25,472 are batch norm's moving statistics (not trainable, not all-reduced).
    var b = GradientBytes.of(new ModelSpec(Architecture.TUTORIAL, 100, 28, 28, 1));
    assertEquals(212_865, b.discriminator());
    assertEquals(2_330_944 - 25_472, b.generator());
    assertEquals(4 * (212_865 + 2_305_472), b.bytesPerStep());
  }

  @Test
  void ringSendsTwiceTheBytesLessOneShare() {
    // 1 GB on 4 workers: 2 * 3/4 GB each = 12 Gbit, 1.2 s at 10 Gbit/s.
    assertEquals(1.2, GradientBytes.ringSeconds(1_000_000_000L, 4, 10), 1e-12);
    assertEquals(0, GradientBytes.ringSeconds(1_000_000_000L, 1, 10));
  }
}
