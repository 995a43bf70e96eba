package dev.dcgan.train.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.nn.BatchNorm;
import dev.dcgan.train.nn.Bias;
import dev.dcgan.train.nn.Conv2D;
import dev.dcgan.train.nn.Conv2DTranspose;
import dev.dcgan.train.nn.Dense;
import dev.dcgan.train.nn.Dropout;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Padding;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Output shapes of every layer and of both networks, for several batch sizes, at run time. */
class ShapesTest {

  /**
   * Runs {@code out} with a random input of {@code inShape} fed to {@code in}; returns the output
   * shape.
   */
  private static long[] runShape(
      Graph g,
      Ops tf,
      Operand<TFloat32> in,
      Operand<TFloat32> out,
      Shape inShape,
      TInt64 key,
      Operand<TInt64> keyPh) {
    try (var s = new Session(g);
        var x = TFloat32.tensorOf(inShape);
        Result r =
            keyPh == null
                ? s.runner().feed(in, x).fetch(out).run()
                : s.runner().feed(in, x).feed(keyPh, key).fetch(out).run()) {
      return r.get(0).shape().asArray();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 64})
  void layers(int n) {
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      var vars = Variables.initialised(tf, "t", 1);
      var x = tf.placeholder(TFloat32.class);
      var dense = new Dense(vars, "dense", 10, 12, Bias.LEARNED).apply(tf, x);
      assertArrayEquals(new long[] {n, 12}, runShape(g, tf, x, dense, Shape.of(n, 10), null, null));
    }
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      var vars = Variables.initialised(tf, "t", 1);
      var x = tf.placeholder(TFloat32.class);
      var conv = new Conv2D(vars, "conv", 3, 8, 5, 2, Padding.SAME, Bias.LEARNED).apply(tf, x);
      var up = new Conv2DTranspose(vars, "up", 8, 4, 5, 2, Bias.NONE).apply(tf, conv);
      var bnTrain =
          new BatchNorm(vars, "bn", 4).apply(tf, up, Mode.TRAIN, new java.util.ArrayList<>());
      var bnFlat =
          new BatchNorm(vars, "bn_flat", 4 * 14 * 14)
              .apply(
                  tf,
                  tf.reshape(up, tf.constant(new long[] {-1, 4 * 14 * 14})),
                  Mode.INFER,
                  new java.util.ArrayList<>());
      assertArrayEquals(
          new long[] {n, 7, 7, 8}, runShape(g, tf, x, conv, Shape.of(n, 14, 14, 3), null, null));
      assertArrayEquals(
          new long[] {n, 14, 14, 4}, runShape(g, tf, x, up, Shape.of(n, 14, 14, 3), null, null));
      assertArrayEquals(
          new long[] {n, 14, 14, 4},
          runShape(g, tf, x, bnTrain, Shape.of(n, 14, 14, 3), null, null));
      assertArrayEquals(
          new long[] {n, 4 * 14 * 14},
          runShape(g, tf, x, bnFlat, Shape.of(n, 14, 14, 3), null, null));
      var valid = new Conv2D(vars, "valid", 3, 2, 4, 1, Padding.VALID, Bias.NONE).apply(tf, x);
      assertArrayEquals(
          new long[] {n, 11, 11, 2}, runShape(g, tf, x, valid, Shape.of(n, 14, 14, 3), null, null));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 64})
  void tutorialNetworks(int n) {
    for (int channels : new int[] {1, 3}) {
      var spec = new ModelSpec(Architecture.TUTORIAL, 100, 28, 28, channels);
      try (var g = new Graph()) {
        Ops tf = Ops.create(g);
        var gen = spec.newGenerator(Variables.initialised(tf, "generator", 1));
        var disc = spec.newDiscriminator(Variables.initialised(tf, "discriminator", 2));
        var z = tf.placeholder(TFloat32.class);
        var key = tf.placeholder(TInt64.class);
        var seeds = new SeedStream(key);
        var trainImages = gen.forward(tf, z, Mode.TRAIN);
        var inferImages = gen.forward(tf, z, Mode.INFER);
        var logits = disc.forward(tf, trainImages.output(), Mode.TRAIN, seeds);
        assertEquals(
            3, trainImages.updates().size(), "one moving-statistics update per G batch norm");
        assertTrue(inferImages.updates().isEmpty());
        try (var k = TInt64.scalarOf(1)) {
          assertArrayEquals(
              new long[] {n, 28, 28, channels},
              runShape(g, tf, z, trainImages.output(), Shape.of(n, 100), k, key));
          assertArrayEquals(
              new long[] {n, 28, 28, channels},
              runShape(g, tf, z, inferImages.output(), Shape.of(n, 100), k, key));
          assertArrayEquals(
              new long[] {n, 1}, runShape(g, tf, z, logits.output(), Shape.of(n, 100), k, key));
        }
      }
    }
  }

  /**
   * The tutorial's widths follow ngf and ndf: G 4ngf, 2ngf, ngf maps, D ndf and 2ndf; 64 gives the
   * tutorial's own 256, 128, 64 and 64, 128 (so run folders written before stay as they were).
   */
  @Test
  void tutorialWidthsFollowNgfAndNdf() {
    for (int width : new int[] {64, 32}) {
      var spec = new ModelSpec(Architecture.TUTORIAL, 100, 28, 28, 1, width, 2 * width);
      try (var g = new Graph()) {
        Ops tf = Ops.create(g);
        var gen = spec.newGenerator(Variables.initialised(tf, "generator", 1));
        var disc = spec.newDiscriminator(Variables.initialised(tf, "discriminator", 2));
        assertEquals(
            java.util.Map.of(
                "generator.dense.kernel", Shape.of(100, 7 * 7 * 4 * width),
                "generator.deconv1.kernel", Shape.of(5, 5, 2 * width, 4 * width),
                "generator.deconv2.kernel", Shape.of(5, 5, width, 2 * width),
                "generator.deconv3.kernel", Shape.of(5, 5, 1, width)),
            kernels(gen.variables()));
        assertEquals(
            java.util.Map.of(
                "discriminator.conv1.kernel", Shape.of(5, 5, 1, 2 * width),
                "discriminator.conv2.kernel", Shape.of(5, 5, 2 * width, 4 * width),
                "discriminator.logit.kernel", Shape.of(7 * 7 * 4 * width, 1)),
            kernels(disc.variables()));
      }
    }
  }

  private static java.util.Map<String, Shape> kernels(Variables vars) {
    var shapes = new java.util.HashMap<String, Shape>();
    for (var v : vars.all())
      if (v.op().name().endsWith(".kernel")) shapes.put(v.op().name(), v.shape());
    return shapes;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 64})
  void dcganNetworks(int n) {
    for (int side : new int[] {32, 64}) {
      for (int channels : new int[] {1, 3}) {
        var spec = new ModelSpec(Architecture.DCGAN, 100, side, side, channels, 8, 8);
        try (var g = new Graph()) {
          Ops tf = Ops.create(g);
          var gen = spec.newGenerator(Variables.initialised(tf, "generator", 1));
          var disc = spec.newDiscriminator(Variables.initialised(tf, "discriminator", 2));
          var z = tf.placeholder(TFloat32.class);
          var key = tf.placeholder(TInt64.class);
          var images = gen.forward(tf, z, Mode.TRAIN);
          var logits = disc.forward(tf, images.output(), Mode.TRAIN, new SeedStream(key));
          int blocks = side == 64 ? 3 : 2;
          assertEquals(
              blocks + 1, images.updates().size(), "BN after the projection and each hidden block");
          assertEquals(blocks, logits.updates().size(), "no BN on D's input layer");
          assertArrayEquals(
              new long[] {-1, side, side, channels},
              images.output().shape().asArray(),
              "static shape");
          try (var k = TInt64.scalarOf(1)) {
            assertArrayEquals(
                new long[] {n, side, side, channels},
                runShape(g, tf, z, images.output(), Shape.of(n, 100), k, key));
            assertArrayEquals(
                new long[] {n, 1}, runShape(g, tf, z, logits.output(), Shape.of(n, 100), k, key));
          }
        }
      }
    }
  }

  @Test
  void architectureFollowsTheImageSizeUnlessNamed() {
    assertEquals(Architecture.TUTORIAL, Architecture.forImageSize(28, 28));
    assertEquals(Architecture.DCGAN, Architecture.forImageSize(32, 32));
    assertEquals(Architecture.DCGAN, Architecture.forImageSize(64, 64));
    var e = assertThrows(IllegalArgumentException.class, () -> Architecture.forImageSize(48, 48));
    assertTrue(e.getMessage().contains("--arch"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new ModelSpec(Architecture.DCGAN, 100, 28, 28, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new ModelSpec(Architecture.DCGAN, 100, 64, 32, 1));
  }

  @Test
  void dropoutZeroesAboutItsRateAndKeepsTheMean() {
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      var ones = tf.fill(tf.constant(new long[] {100_000}), tf.constant(1f));
      var key = tf.placeholder(TInt64.class);
      var dropped = new Dropout(0.3f).apply(tf, ones, Mode.TRAIN, new SeedStream(key).next(tf));
      var inferred = new Dropout(0.3f).apply(tf, ones, Mode.INFER, new SeedStream(key).next(tf));
      assertSame(ones, inferred, "dropout is the identity in inference");
      try (var s = new Session(g);
          var k = TInt64.scalarOf(5);
          Result r = s.runner().feed(key, k).fetch(dropped).run()) {
        var t = (TFloat32) r.get(0);
        long zeros = 0;
        double sum = 0;
        for (long i = 0; i < t.size(); i++) {
          float v = t.getFloat(i);
          if (v == 0f) zeros++;
          sum += v;
        }
        assertEquals(0.3, zeros / 100_000.0, 0.01);
        assertEquals(1.0, sum / 100_000.0, 0.02);
      }
    }
  }

  @Test
  void specRejectsShapesTheArchitectureCannotDraw() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ModelSpec(Architecture.TUTORIAL, 100, 30, 30, 1));
    assertTrue(e.getMessage().contains("divisible by 4"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new ModelSpec(Architecture.TUTORIAL, 100, 28, 28, 2));
    assertThrows(
        IllegalArgumentException.class, () -> new ModelSpec(Architecture.TUTORIAL, 0, 28, 28, 1));
    assertEquals(Architecture.TUTORIAL, Architecture.parse("Tutorial"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Architecture.parse("vgg"))
            .getMessage()
            .contains("unknown"));
    assertFalse(Arrays.asList(Architecture.values()).isEmpty());
  }
}
