package dev.dcgan.train.distributed;

import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * What one data-parallel step sends: the float32 gradients of D's and of G's trainable variables,
 * each all-reduced once a step; and what that costs on a ring (the bandwidth-optimal all-reduce of
 * Patarasuk and Yuan, NCCL's and Horovod's): every worker sends and receives {@code 2 (N - 1) / N}
 * of the bytes.
 *
 * @param discriminator D's trainable parameters
 * @param generator G's trainable parameters
 */
public record GradientBytes(long discriminator, long generator) {
  /** Counts the trainable parameters of {@code spec}'s networks (as built for training). */
  public static GradientBytes of(ModelSpec spec) {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var g = spec.newGenerator(Variables.initialised(tf, "generator", 0));
      var d =
          spec.newDiscriminator(
              Variables.initialised(tf, "discriminator", 1), CriticOptions.STANDARD);
      return new GradientBytes(count(d.variables().trainable()), count(g.variables().trainable()));
    }
  }

  private static long count(List<Variable<TFloat32>> vars) {
    return vars.stream().mapToLong(v -> v.shape().size()).sum();
  }

  /** Float32 gradient bytes a step all-reduces (D's and G's, once each). */
  public long bytesPerStep() {
    return 4 * (discriminator + generator);
  }

  /**
   * Seconds a ring all-reduce of {@code bytes} takes among {@code workers} on links of {@code
   * gigabitsPerSecond}, bandwidth only (no latency term, no overlap with computation).
   */
  public static double ringSeconds(long bytes, int workers, double gigabitsPerSecond) {
    if (workers < 2) return 0;
    return 2.0 * (workers - 1) / workers * bytes * 8 / (gigabitsPerSecond * 1e9);
  }

  /** Prints the counts of the tutorial (28x28x1) and dcgan (64x64x3) networks. */
  public static void main(String[] args) {
    for (var spec :
        List.of(
            new ModelSpec(dev.dcgan.train.model.Architecture.TUTORIAL, 100, 28, 28, 1),
            new ModelSpec(dev.dcgan.train.model.Architecture.DCGAN, 100, 64, 64, 3))) {
      var b = of(spec);
      System.out.printf(
          "%s %dx%dx%d: D %d, G %d parameters, %d bytes a step%n",
          spec.architecture(),
          spec.height(),
          spec.width(),
          spec.channels(),
          b.discriminator(),
          b.generator(),
          b.bytesPerStep());
    }
  }
}
