package dev.dcgan.train.training;

import dev.dcgan.train.util.OrderedAdam;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.types.TFloat32;

/**
 * Adam's settings for one network. DCGAN's paper: learning rate 2e-4 and beta1 0.5 (0.9 made
 * training oscillate).
 */
public record AdamConfig(float learningRate, float beta1, float beta2, float epsilon) {
  public static final AdamConfig DCGAN = new AdamConfig(2e-4f, 0.5f, 0.999f, 1e-7f);

  public AdamConfig {
    if (!(learningRate > 0f) || !Float.isFinite(learningRate))
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    if (!(beta1 >= 0f && beta1 < 1f))
      throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    if (!(beta2 >= 0f && beta2 < 1f))
      throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    if (!(epsilon > 0f)) throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
  }

  /** An Adam with these settings; {@code name} prefixes its slot variables. */
  public Adam newAdam(Graph graph, String name) {
    return newAdam(graph, name, null);
  }

  /** As above, the learning rate multiplied by {@code scale} at each update (null: 1). */
  public Adam newAdam(Graph graph, String name, Operand<TFloat32> scale) {
    return new OrderedAdam(graph, name, learningRate, beta1, beta2, epsilon, scale);
  }

  public AdamConfig withLearningRate(float lr) {
    return new AdamConfig(lr, beta1, beta2, epsilon);
  }

  public AdamConfig withBeta1(float b1) {
    return new AdamConfig(learningRate, b1, beta2, epsilon);
  }
}
