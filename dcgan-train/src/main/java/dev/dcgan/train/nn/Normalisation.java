package dev.dcgan.train.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How a network's blocks normalise, picked once for the whole network and handed to it, as
 * StudioGAN picks {@code g_cond_mtd}: every batch norm the network builds comes from here, so the
 * network's code is the same with or without conditional batch norm.
 */
@FunctionalInterface
public interface Normalisation {
  /** A normalisation layer, applied to x with the labels of its examples. */
  @FunctionalInterface
  interface Layer {
    /** Normalises x; in training, adds the op that moves its statistics to {@code updates}. */
    Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> x, Labels labels, Mode mode, List<Op> updates);
  }

  /** The layer {@code name} over the last axis of x, of {@code channels}. */
  Layer create(Variables vars, String name, long channels);

  /**
   * Plain batch norm, one gamma and beta: the labels, if the network has any, are not its input.
   */
  Normalisation BATCH_NORM =
      (vars, name, channels) -> {
        var bn = new BatchNorm(vars, name, channels);
        return (tf, x, labels, mode, updates) -> bn.apply(tf, x, mode, updates);
      };

  /**
   * Conditional batch norm (de Vries et al. 2017): gamma and beta [classes, C], each example scaled
   * and shifted by its label's rows.
   */
  static Normalisation conditionalBatchNorm(long classes) {
    return (vars, name, channels) -> {
      var bn = new BatchNorm(vars, name, channels, classes);
      return (tf, x, labels, mode, updates) ->
          bn.apply(tf, x, labels.values("a class-conditional batch norm"), mode, updates);
    };
  }
}
