package dev.dcgan.train.training;

import dev.dcgan.train.nn.CrossReplicaMean;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.util.Optimizers.GradientTransform;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * What the training graph of one replica of a data-parallel run adds to a single process's: the
 * gradients, and the measured losses, averaged over the replicas, and with {@code syncBatchNorm}
 * the batch norms' statistics too. {@link #NONE}: a single process.
 *
 * @param mean the cross-replica mean; null for a single process
 * @param index this replica's index, its shard of the global batch (and of per-example draws such
 *     as z)
 * @param syncBatchNorm batch norm normalises with the global batch's statistics (else each
 *     replica's own, as PyTorch's DDP does by default)
 */
public record Replication(CrossReplicaMean mean, int index, boolean syncBatchNorm) {
  public static final Replication NONE = new Replication(null, 0, false);

  public Replication {
    if (mean == null && (syncBatchNorm || index != 0))
      throw new IllegalArgumentException(
          "a replica of a data-parallel run needs a cross-replica mean");
    int replicas = mean == null ? 1 : mean.replicas(); // the fields are not set yet
    if (index < 0 || index >= replicas)
      throw new IllegalArgumentException(
          "replica " + index + " of " + replicas + " does not exist");
  }

  /** How many replicas take part. */
  public int replicas() {
    return mean == null ? 1 : mean.replicas();
  }

  /** The step's random stream, whose per-example draws are this replica's rows. */
  public SeedStream seeds(Operand<TInt64> stepKey) {
    return new SeedStream(stepKey, index, replicas());
  }

  /** The transform of both networks' gradients: their mean over the replicas. */
  public GradientTransform gradients() {
    if (mean == null) return GradientTransform.IDENTITY;
    return (tf, gradients, vars) -> gradients.stream().map(g -> mean.mean(tf, g)).toList();
  }

  /** {@code ops} measuring the global batch: each metric averaged over the replicas. */
  TrainOps averageMetrics(Ops tf, TrainOps ops) {
    if (mean == null) return ops;
    var m = ops.metrics();
    var averaged =
        List.of(m.dLoss(), m.gLoss(), m.dReal(), m.dFake()).stream()
            .map(x -> mean.mean(tf, x))
            .toList();
    return new TrainOps(
        ops.dOnly(),
        ops.dThenG(),
        new TrainOps.Metrics(averaged.get(0), averaged.get(1), averaged.get(2), averaged.get(3)));
  }
}
