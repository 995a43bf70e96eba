package dev.dcgan.train.bench;

import java.util.List;

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
 */
public final class TrainingFlops {
  private TrainingFlops() {}

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
