package dev.dcgan.train.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * A network's output, and the state updates (batch-norm moving statistics) that a training forward
 * pass asks the train step to run.
 *
 * @param codeLogits a D with InfoGAN's Q head ({@link CodeHead}): its logits [N, K] for the latent
 *     code of each image; null otherwise (only the information loss, built for a coded GAN, reads
 *     it)
 */
public record Forward(Operand<TFloat32> output, List<Op> updates, Operand<TFloat32> codeLogits) {
  public Forward(Operand<TFloat32> output, List<Op> updates) {
    this(output, updates, null);
  }
}
