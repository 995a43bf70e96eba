package dev.dcgan.train.bench;

import dev.dcgan.train.nn.LayerShape;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Analytic FLOPs of one alternating training step (2 FLOPs per multiply-accumulate; batch norm,
 * activations and Adam are a few FLOPs per element and left out). Per image, with M the forward
 * MACs of each weight layer:
 *
 * <pre>
 *   G forward once                          2 sum(M_G)
 *   G backward: weight grads + input grads  2 sum(M_G) + 2 sum(M_G, but the first layer: z needs none)
 *   (1) D on real and on fake: forward      2 x 2 sum(M_D)
 *       backward, weights + inputs          2 x (2 sum(M_D) + 2 sum(M_D, but the first layer))
 *   (2) D on fake again: forward            2 sum(M_D)
 *       backward to the images only         2 sum(M_D)   (D's weights need no gradient here)
 * </pre>
 *
 * <p>The same formula holds for either count of M ({@link LayerShape#analyticMacs} with the taps on
 * zero padding, {@link LayerShape#effectiveMacs} without): a weight gradient and an input gradient
 * pair each real product of the forward pass with one product of their own, and a padding tap pairs
 * with a padding product.
 */
public final class TrainingFlops {
  private TrainingFlops() {}

  /** FLOPs per image of one step, with and without the taps on zero padding. */
  public record PerImage(double analytic, double effective) {
    /** The share of the analytic count spent on zero padding. */
    public double paddingShare() {
      return 1 - effective / analytic;
    }
  }

  /** Both counts for G's and D's layers. */
  public static PerImage counts(List<LayerShape> g, List<LayerShape> d) {
    return new PerImage(
        perImage(macs(g, LayerShape::analyticMacs), macs(d, LayerShape::analyticMacs)),
        perImage(macs(g, LayerShape::effectiveMacs), macs(d, LayerShape::effectiveMacs)));
  }

  private static List<Long> macs(List<LayerShape> layers, ToLongFunction<LayerShape> count) {
    return layers.stream().map(l -> count.applyAsLong(l)).toList();
  }

  /** FLOPs per image of one step from each layer's forward MACs, input layer first. */
  public static double perImage(List<Long> gMacs, List<Long> dMacs) {
    double g = sum(gMacs);
    double d = sum(dMacs);
    double gInputs = g - gMacs.get(0);
    double dInputs = d - dMacs.get(0);
    double generator = 2 * g + 2 * g + 2 * gInputs;
    double discriminatorStep = 2 * (2 * d) + 2 * (2 * d + 2 * dInputs);
    double generatorStep = 2 * d + 2 * d;
    return generator + discriminatorStep + generatorStep;
  }

  private static double sum(List<Long> v) {
    return v.stream().mapToLong(Long::longValue).sum();
  }
}
