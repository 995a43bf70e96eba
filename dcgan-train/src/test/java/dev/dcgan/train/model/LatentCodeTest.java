package dev.dcgan.train.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import dev.dcgan.train.util.Tensors;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** InfoGAN's categorical code read off z, and the G and D built around it. */
class LatentCodeTest {
  private static long[] codes(int k, float[][] z) {
    try (var graph = new Graph();
        var session = new Session(graph)) {
      var tf = Ops.create(graph);
      var code = new LatentCode(k).of(tf, tf.constant(z));
      try (Result r = session.runner().fetch(code).run()) {
        var t = (TInt64) r.get(0);
        var out = new long[(int) t.shape().size(0)];
        for (int i = 0; i < out.length; i++) out[i] = t.getLong(i);
        return out;
      }
    }
  }

  /** c is the index of the largest of z's first K entries; the entries after them do not count. */
  @Test
  void codeIsTheArgmaxOfTheFirstEntries() {
    float[][] z = {
      {0.1f, 2.0f, -1f, 9f}, // 9 is the fourth entry: outside a code of 3
      {3f, 2f, 1f, 0f},
      {-3f, -2f, -1f, 5f},
    };
    assertArrayEquals(new long[] {1, 0, 2}, codes(3, z));
    assertArrayEquals(new long[] {3, 0, 3}, codes(4, z));
  }

  /**
   * For z ~ N(0, I) every value of the code is equally likely: each share of 100000 rows is 10%.
   */
  @Test
  void codeOfNormalNoiseIsUniform() {
    var random = new Random(7);
    int rows = 100_000;
    var z = new float[rows][12];
    for (var row : z) for (int j = 0; j < row.length; j++) row[j] = (float) random.nextGaussian();
    var counts = new int[10];
    for (long c : codes(10, z)) counts[(int) c]++;
    for (int c = 0; c < 10; c++)
      // binomial sd of a share: sqrt(0.1 * 0.9 / 100000) = 0.00095; 5 sd
      assertEquals(0.1, counts[c] / (double) rows, 0.005, "share of code " + c);
  }

  /**
   * G(z) of a coded G is the class-conditional G fed argmax(z_0..z_K-1): two z that differ only in
   * which of the first K entries is largest draw different images, and as G's batch norms have a
   * gamma and beta per code, both are [K, C].
   */
  @Test
  void generatorDrawsTheConditionalGeneratorOfItsCode() {
    var spec = new ModelSpec(Architecture.TUTORIAL, 4, 8, 8, 1, 4, 4).withLatentCode(3);
    var asConditional = spec.withClasses(3, Conditioning.BATCH_NORM);
    float[][] z = {{1f, 0f, 0f, 0.5f}, {0f, 1f, 0f, 0.5f}};
    try (var graph = new Graph();
        var session = new Session(graph)) {
      var tf = Ops.create(graph);
      var coded = spec.newGenerator(Variables.initialised(tf, "generator", 3));
      var conditional = asConditional.newGenerator(Variables.initialised(tf, "other", 3));
      var zIn = tf.constant(z);
      var drawn = coded.forward(tf, zIn, Mode.INFER).output();
      var asked = conditional.forward(tf, zIn, tf.constant(new long[] {0, 1}), Mode.INFER).output();
      var gammas =
          coded.variables().trainable().stream()
              .filter(v -> v.op().name().endsWith("gamma"))
              .map(v -> v.shape().size(0))
              .distinct()
              .toList();
      assertEquals(java.util.List.of(3L), gammas);
      try (Result r = session.runner().fetch(drawn).fetch(asked).run()) {
        var a = Tensors.toArray((TFloat32) r.get(0));
        var b = Tensors.toArray((TFloat32) r.get(1));
        // Same seeds, same variable order: the coded G is the conditional G given the codes.
        assertArrayEquals(b, a, 1e-6f);
        int half = a.length / 2;
        assertFalse(
            java.util.Arrays.equals(
                java.util.Arrays.copyOf(a, half), java.util.Arrays.copyOfRange(a, half, a.length)),
            "codes 0 and 1 draw different images");
      }
      assertThrows(
          IllegalArgumentException.class,
          () -> coded.forward(tf, zIn, tf.constant(new long[] {0, 1}), Mode.INFER),
          "a coded G reads its code off z and takes no labels");
    }
  }

  /** D of a coded GAN has the Q head: K logits per image, beside the one logit. */
  @Test
  void discriminatorHasTheCodeHead() {
    for (var arch : Architecture.values()) {
      int side = arch == Architecture.TUTORIAL ? 8 : 16;
      var spec = new ModelSpec(arch, 4, side, side, 1, 4, 4).withLatentCode(3);
      try (var graph = new Graph()) {
        var tf = Ops.create(graph);
        var d = spec.newDiscriminator(Variables.initialised(tf, "discriminator", 1));
        var images = tf.zeros(tf.constant(new long[] {5, side, side, 1}), TFloat32.class);
        var scores =
            d.forward(tf, images, Mode.INFER, new dev.dcgan.train.nn.SeedStream(tf.constant(1L)));
        assertEquals(Shape.of(5, 1), scores.output().shape(), arch.id());
        assertEquals(3, scores.codeLogits().shape().get(1), arch.id());
        var plain = new ModelSpec(arch, 4, side, side, 1, 4, 4);
        var plainD = plain.newDiscriminator(Variables.initialised(tf, "plain", 1));
        assertNull(
            plainD
                .forward(tf, images, Mode.INFER, new dev.dcgan.train.nn.SeedStream(tf.constant(1L)))
                .codeLogits(),
            "no head without a code");
      }
    }
  }

  @Test
  void specRejectsCodesItCannotDraw() {
    var base = new ModelSpec(Architecture.TUTORIAL, 8, 28, 28, 1);
    var wide = assertThrows(ConfigurationException.class, () -> base.withLatentCode(9));
    assertTrue(wide.getMessage().contains("z has 8"), wide.getMessage());
    assertThrows(ConfigurationException.class, () -> base.withLatentCode(1));
    var both =
        assertThrows(
            ConfigurationException.class,
            () -> base.withClasses(10, Conditioning.BATCH_NORM).withLatentCode(4));
    assertTrue(both.getMessage().contains("class-conditional"), both.getMessage());
    assertFalse(base.coded());
    assertTrue(base.withLatentCode(8).coded());
  }
}
