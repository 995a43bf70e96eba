package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.data.MemoryBudget;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.Conditioning;
import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class NetworkMemoryTest {
  /** 8 GB: 4.8 GB of it may go to training. */
  static final MemoryBudget EIGHT_GB = new MemoryBudget(8_000_000_000L);

  static Stream<Arguments> specs() {
    var dcgan = new ModelSpec(Architecture.DCGAN, 100, 64, 64, 3, 5, 7);
    var tutorial = new ModelSpec(Architecture.TUTORIAL, 100, 28, 28, 1, 5, 7);
    var sn = CriticOptions.STANDARD.withSpectralNorm(true);
    return Stream.of(
        Arguments.of(tutorial, CriticOptions.STANDARD),
        Arguments.of(tutorial.withClasses(10, Conditioning.INPUT), sn),
        Arguments.of(dcgan, CriticOptions.STANDARD),
        Arguments.of(new ModelSpec(Architecture.DCGAN, 64, 32, 32, 1, 9, 3), sn),
        Arguments.of(dcgan.withClasses(4, Conditioning.BATCH_NORM), CriticOptions.STANDARD),
        Arguments.of(dcgan.withLatentCode(10), new CriticOptions(false, false)));
  }

  /** What the training graph declares: both networks built at their widths, initialised. */
  @ParameterizedTest
  @MethodSource("specs")
  void theCountsAreThoseOfTheNetworksBuiltAtTheirWidths(ModelSpec spec, CriticOptions critic) {
    var m = NetworkMemory.of(spec, critic);
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var g = spec.newGenerator(Variables.initialised(tf, "generator", 1));
      var d = spec.newDiscriminator(Variables.initialised(tf, "discriminator", 2), critic);
      assertCounts(g.variables(), g.layers(), m.generator());
      assertCounts(d.variables(), d.layers(), m.discriminator());
    }
    assertEquals(spec.ngf(), m.generator().unit());
    assertEquals(spec.ndf(), m.discriminator().unit());
  }

  private static void assertCounts(
      Variables vars, List<LayerShape> layers, NetworkMemory.Network counted) {
    long trainable = size(vars.trainable());
    assertTrue(trainable > 0);
    assertEquals(trainable, counted.trainable(), 0);
    assertEquals(size(vars.all()) - trainable, counted.state(), 0);
    long outputs = 0;
    for (var l : layers) outputs += (long) l.outHeight() * l.outWidth() * l.outChannels();
    assertEquals(outputs, counted.activations(), 0);
  }

  private static long size(List<Variable<TFloat32>> vars) {
    long n = 0;
    for (var v : vars) n += v.shape().size();
    return n;
  }

  @Test
  void theTutorialNetworksHaveTheKerasTutorialsParameters() {
    // tensorflow.org's DCGAN tutorial, model.summary(): D 212,865 parameters; G 2,330,944, of
    // which 25,472 are batch norm's moving statistics.
    var m = NetworkMemory.of(ModelSpec.mnist(100), CriticOptions.STANDARD);
    assertEquals(212_865, m.discriminator().trainable(), 0);
    assertEquals(2_330_944 - 25_472, m.generator().trainable(), 0);
    assertEquals(25_472, m.generator().state(), 0);
  }

  @Test
  void bytesAreSixteenATrainableParameterFourAStateAndTheBatchsActivations() {
    var m =
        NetworkMemory.of(new ModelSpec(Architecture.DCGAN, 100, 64, 64, 3), CriticOptions.STANDARD);
    var g = m.generator();
    var d = m.discriminator();
    double variables = 16 * (g.trainable() + d.trainable()) + 4 * (g.state() + d.state());
    double perImage = 4 * 2 * (g.activations() + 2 * d.activations());
    assertEquals(variables + 64 * perImage, m.bytes(64, false), 1e-6 * variables);
    double shadows = 4 * (g.trainable() + g.state());
    assertEquals(variables + shadows + 64 * perImage, m.bytes(64, true), 1e-6 * variables);
  }

  @Test
  void aNormalNetworkFits() {
    var m =
        NetworkMemory.of(new ModelSpec(Architecture.DCGAN, 100, 64, 64, 3), CriticOptions.STANDARD);
    assertDoesNotThrow(() -> m.require(64, true, EIGHT_GB));
    assertDoesNotThrow(
        () ->
            NetworkMemory.of(ModelSpec.mnist(100), CriticOptions.STANDARD)
                .require(256, false, EIGHT_GB));
  }

  @Test
  void aWideDIsRefusedNamingNdf() {
    var spec = new ModelSpec(Architecture.DCGAN, 100, 64, 64, 3, 64, 100_000);
    var m = NetworkMemory.of(spec, CriticOptions.STANDARD);
    var e = assertThrows(ConfigurationException.class, () -> m.require(64, false, EIGHT_GB));
    // 64x64 D: 4x4 kernels 3 -> w, w -> 2w -> 4w -> 8w -> 1, batch norm's scale and offset on
    // 2w, 4w and 8w maps: 16 (3w + 42w^2 + 8w) + 28w
    double w = 100_000;
    assertEquals(672 * w * w + 204 * w, m.discriminator().trainable(), 0);
    var message = e.getMessage();
    assertTrue(message.startsWith("--ndf 100000 makes D 6.7e+12 parameters: "), message);
    assertTrue(message.contains("G's 3.6e+06 at --ngf 64"), message);
    assertTrue(
        message.contains("needs at least " + MemoryBudget.gigabytes(m.bytes(64, false))), message);
    assertTrue(message.contains("more than the 4.8 GB of this machine's 8.0 GB"), message);
    assertTrue(message.endsWith("; lower --ndf"), message);
  }

  @Test
  void eachFlagTooLargeOnItsOwnIsNamed() {
    var both = new ModelSpec(Architecture.TUTORIAL, 100, 28, 28, 1, 20_000, 100_000);
    var e =
        assertThrows(
            ConfigurationException.class,
            () -> NetworkMemory.of(both, CriticOptions.STANDARD).require(64, true, EIGHT_GB));
    assertTrue(e.getMessage().endsWith("; lower --ndf and --ngf"), e.getMessage());
    assertTrue(e.getMessage().startsWith("--ndf 100000 makes D "), "D's part leads");

    var big = NetworkMemory.of(ModelSpec.mnist(100), CriticOptions.STANDARD);
    var batch =
        assertThrows(ConfigurationException.class, () -> big.require(1 << 20, false, EIGHT_GB));
    assertTrue(batch.getMessage().startsWith("--batch-size 1048576 makes "), batch.getMessage());
    assertTrue(batch.getMessage().endsWith("; lower --batch-size"), batch.getMessage());
  }

  @Test
  void absurdWidthsCountWithoutWrappingAround() {
    // At 2^31 - 1 a kernel has ~2^70 elements: built, TensorFlow would abort the JVM; in int or
    // long arithmetic the count would wrap around to a small or negative one.
    int max = Integer.MAX_VALUE;
    for (var arch : Architecture.values()) {
      int side = arch == Architecture.DCGAN ? 64 : 28;
      var huge =
          NetworkMemory.of(
              new ModelSpec(arch, 100, side, side, 1, max, max), CriticOptions.STANDARD);
      var small =
          NetworkMemory.of(new ModelSpec(arch, 100, side, side, 1, 64, 64), CriticOptions.STANDARD);
      for (var n : List.of(huge.generator(), huge.discriminator())) {
        assertTrue(n.trainable() > (double) max * max, arch + ": " + n);
        assertTrue(Double.isFinite(n.trainable()), arch + ": " + n);
        assertTrue(n.activations() > max, arch + ": " + n);
      }
      assertTrue(huge.bytes(Integer.MAX_VALUE, true) > small.bytes(Integer.MAX_VALUE, true));
      assertThrows(
          ConfigurationException.class,
          () -> huge.require(64, false, new MemoryBudget(Long.MAX_VALUE)));
    }
  }

  @Test
  void theQuadraticIsExactOnWholeNumbers() {
    // f(u) = 3u^2 + 5u + 7 through f(1), f(2), f(3)
    assertEquals(3.0 * 1000 * 1000 + 5 * 1000 + 7, NetworkMemory.quadratic(15, 29, 49, 1000), 0);
    assertEquals(7, NetworkMemory.quadratic(15, 29, 49, 0), 0);
  }
}
