package dev.dcgan.train.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.ModelSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

/** The check of bfloat16 kernels, and the policy that keeps the layers it rejects in float32. */
class BFloat16KernelsTest {

  @Test
  void disagreementIsTheRootMeanSquareDifferenceAgainstTheValues() {
    float[] fp32 = {3f, -4f};
    assertEquals(0, BFloat16Kernels.disagreement(fp32.clone(), fp32));
    assertEquals(0.01, BFloat16Kernels.disagreement(new float[] {3.03f, -4.04f}, fp32), 1e-6);
    assertEquals(1, BFloat16Kernels.disagreement(new float[] {0f, 0f}, fp32), 1e-9);
    assertEquals(2, BFloat16Kernels.disagreement(new float[] {-3f, 4f}, fp32), 1e-9);
    assertTrue(Double.isNaN(BFloat16Kernels.disagreement(new float[] {3f, Float.NaN}, fp32)));
    assertTrue(
        Double.isNaN(
            BFloat16Kernels.disagreement(new float[] {Float.POSITIVE_INFINITY, -4f}, fp32)));
  }

  @Test
  void aDisagreementSaysWhichPassAndHowFarOff() {
    var conv0 = LayerShape.dense("conv0", 3, 64);
    assertEquals(
        "forward pass off by 62%",
        new BFloat16Kernels.Disagreement(conv0, BFloat16Kernels.Pass.FORWARD, 0.62).describe());
    assertEquals(
        "input gradient not finite",
        new BFloat16Kernels.Disagreement(conv0, BFloat16Kernels.Pass.INPUT_GRADIENT, Double.NaN)
            .describe());
  }

  /** Whatever the kernels here do, the check runs all three passes of each kind of layer. */
  @Test
  void theCheckRunsEveryKindOfLayerAndFlagsOnlyRealDisagreements() {
    var layers =
        List.of(
            LayerShape.dense("dense", 8, 16),
            new LayerShape("conv", LayerShape.Kind.CONV, 8, 8, 4, 8, 4, 2, Padding.SAME),
            new LayerShape(
                "deconv", LayerShape.Kind.CONV_TRANSPOSE, 4, 4, 8, 4, 4, 2, Padding.SAME));
    for (var d : BFloat16Kernels.check(layers, 2, true))
      assertFalse(d.error() <= BFloat16Kernels.TOLERANCE, d + " is within the tolerance");
    assertThrows(IllegalArgumentException.class, () -> BFloat16Kernels.check(layers, 0, true));
  }

  /** A layer the policy names computes in float32; the others in bfloat16. */
  @Test
  void layersKeptInFloat32HaveNoBfloat16Products() {
    var spec = new ModelSpec(Architecture.DCGAN, 100, 64, 64, 3);
    var policy = new PrecisionPolicy(Precision.BF16, Set.of("conv0", "logit"));
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      var d = spec.newDiscriminator(Variables.initialised(tf, "d", 1).computingIn(policy));
      var images =
          tf.placeholder(
              TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 64, 64, 3)));
      d.forward(tf, images, Mode.INFER, new SeedStream(tf.constant(1L)));
      int bf16 = 0;
      int fp32 = 0;
      for (var it = g.operations(); it.hasNext(); ) {
        var op = (GraphOperation) it.next();
        if (!op.type().equals("Conv2D")) continue;
        Class<?> type = op.output(0).type();
        if (type == TBfloat16.class) bf16++;
        else if (type == TFloat32.class) fp32++;
      }
      assertEquals(3, bf16, "conv1..conv3 in bfloat16");
      assertEquals(2, fp32, "conv0 and logit in float32");
    }
    assertEquals(Precision.FP32, policy.of("conv0"));
    assertEquals(Precision.BF16, policy.of("conv1"));
    assertEquals(Precision.FP32, PrecisionPolicy.of(Precision.FP32).of("conv1"));
  }
}
