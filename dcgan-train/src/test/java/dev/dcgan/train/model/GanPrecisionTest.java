package dev.dcgan.train.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.nn.PrecisionPolicy;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import dev.dcgan.train.util.Tensors;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** A bf16 run's networks, as checked on this machine. */
class GanPrecisionTest {
  private static final int BATCH = 16;

  /**
   * D of a bf16 run scores a batch of colour images (white backgrounds, saturated discs) as the
   * float32 D does: before the check, TensorFlow 2.18's oneDNN returned NaN and values off by half
   * from D's 3-channel input layer on AVX512_BF16 CPUs.
   */
  @Test
  void checkedBf16DiscriminatorScoresColourImagesAsFloat32Does() {
    var spec = new ModelSpec(Architecture.DCGAN, 100, 64, 64, 3);
    var critic = CriticOptions.STANDARD;
    var checked = GanPrecision.forTraining(spec, critic, Precision.BF16, BATCH);
    try (var g = new Graph();
        var session = new Session(g)) {
      Ops tf = Ops.create(g);
      var bytes = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, 64, 64, 3)));
      var images = PixelRange.fromBytes(tf, bytes);
      var seeds = new SeedStream(tf.constant(1L));
      // The same seed: the same initial weights.
      var bf16 =
          spec.newDiscriminator(
              Variables.initialised(tf, "bf16", 5).computingIn(checked.discriminator()), critic);
      var fp32 = spec.newDiscriminator(Variables.initialised(tf, "fp32", 5), critic);
      var a = bf16.forward(tf, images, Mode.TRAIN, seeds).output();
      var b = fp32.forward(tf, images, Mode.TRAIN, seeds).output();
      session.initialize();
      try (var batch = TUint8.tensorOf(Shape.of(BATCH, 64, 64, 3), DataBuffers.of(discs(BATCH)));
          var r = session.runner().feed(bytes, batch).fetch(a).fetch(b).run()) {
        float[] got = Tensors.toArray((TFloat32) r.get(0));
        float[] want = Tensors.toArray((TFloat32) r.get(1));
        double largest = 0;
        for (float w : want) largest = Math.max(largest, Math.abs(w));
        for (int i = 0; i < BATCH; i++) {
          assertTrue(Float.isFinite(got[i]), "D(x) of image " + i + " is " + got[i]);
          assertEquals(want[i], got[i], 0.05 * largest, "logit of image " + i);
        }
      }
    }
  }

  /** NHWC bytes: white images, each with a disc of a saturated colour (pixels of 0 and 255). */
  private static byte[] discs(int count) {
    var random = new Random(7);
    var pixels = new byte[count * 64 * 64 * 3];
    java.util.Arrays.fill(pixels, (byte) 255);
    for (int n = 0; n < count; n++) {
      int colour = 1 + random.nextInt(6); // bits: red, green, blue
      int r = 10 + random.nextInt(20);
      int cy = r + random.nextInt(64 - 2 * r);
      int cx = r + random.nextInt(64 - 2 * r);
      for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++) {
          if ((y - cy) * (y - cy) + (x - cx) * (x - cx) > r * r) continue;
          for (int c = 0; c < 3; c++)
            pixels[((n * 64 + y) * 64 + x) * 3 + c] = (byte) ((colour >> c & 1) == 1 ? 255 : 0);
        }
    }
    return pixels;
  }

  @Test
  void fp32IsNotCheckedAndKeepsNoLayer() {
    var spec = new ModelSpec(Architecture.DCGAN, 100, 64, 64, 3);
    var p = GanPrecision.forTraining(spec, CriticOptions.STANDARD, Precision.FP32, BATCH);
    assertEquals(GanPrecision.uniform(Precision.FP32), p);
    assertTrue(p.note().isEmpty());
    assertTrue(p.float32Layers().isEmpty());
  }

  @Test
  void theNoteNamesEachLayerKeptInFloat32AndWhy() {
    var p =
        new GanPrecision(
            new PrecisionPolicy(Precision.BF16, java.util.Set.of("deconv4")),
            new PrecisionPolicy(Precision.BF16, java.util.Set.of("conv0", "logit")),
            List.of(
                "generator deconv4 (input gradient not finite)",
                "discriminator conv0 (forward pass off by 62%)",
                "discriminator logit (input gradient off by 89%)"));
    assertEquals(
        "--precision bf16: this TensorFlow's bfloat16 kernels compute generator deconv4 (input"
            + " gradient not finite), discriminator conv0 (forward pass off by 62%) and"
            + " discriminator logit (input gradient off by 89%) wrongly on this CPU, so those"
            + " layers compute in fp32 and the rest in bf16",
        p.note().orElseThrow());
    assertEquals(
        java.util.Set.of("generator.deconv4", "discriminator.conv0", "discriminator.logit"),
        p.float32Layers());
  }
}
