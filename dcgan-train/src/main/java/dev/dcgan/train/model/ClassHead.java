package dev.dcgan.train.model;

import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What D computes from its last hidden features beside the unconditional logit, as its {@link
 * LabelSource} asks: nothing, a projection discriminator's class term ({@link Projection}), or
 * InfoGAN's Q head ({@link CodeHead}). Each architecture's D builds one, where its phi(x) is known.
 */
public interface ClassHead {
  /** No head: D(x) is the logit; D takes no labels. */
  ClassHead NONE =
      new ClassHead() {
        @Override
        public Forward apply(
            Ops tf,
            Operand<TFloat32> logits,
            Operand<TFloat32> hidden,
            Labels labels,
            List<Op> updates,
            Mode mode) {
          labels.requireNone("an unconditional discriminator");
          return new Forward(logits, updates);
        }

        @Override
        public List<LayerShape> layers() {
          return List.of();
        }
      };

  /**
   * D's output from the unconditional logits [N, 1] and phi(x) ({@code hidden}, of any shape).
   *
   * @param updates the state updates of D's pass so far
   */
  Forward apply(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> hidden,
      Labels labels,
      List<Op> updates,
      Mode mode);

  /** The head's weight layers that count as D's work (the benchmark's multiply-accumulates). */
  List<LayerShape> layers();
}
