package dev.dcgan.train.model;

import dev.dcgan.train.nn.BatchNorm;
import dev.dcgan.train.nn.Bias;
import dev.dcgan.train.nn.Conv2D;
import dev.dcgan.train.nn.KernelNorm;
import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Padding;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * The DCGAN paper's discriminator (pytorch/examples' netD) for S x S images:
 *
 * <pre>
 *   Conv 4x4 s2 -> ndf maps, LeakyReLU 0.2 (no batch norm on the input layer)   S -> S/2
 *   then until 4x4: Conv 4x4 s2 doubling the maps, BN, LeakyReLU 0.2           S/2 -> ... -> 4
 *   Conv 4x4 valid -> 1 logit                                                  4 -> 1
 * </pre>
 *
 * For 64x64: 32x32x64, 16x16x128, 8x8x256, 4x4x512, 1 (ndf = 64). Without batch norm (a WGAN-GP
 * critic, whose penalty is per example) the hidden layers are not normalised at all, as in
 * Gulrajani et al.'s own DCGAN critic.
 *
 * <p>With spectral norm every kernel is spectrally normalised and each block's batch norm gives way
 * to a bias, as in StudioGAN's DCGAN with SN and SNGAN's D: the normalisation bounds the layers
 * already, and batch statistics would make D(x) depend on the rest of the batch.
 */
final class DcganDiscriminator implements Discriminator {
  static final float LEAKY_ALPHA = 0.2f;

  private final Variables vars;
  private final List<LayerShape> layers = new ArrayList<>();
  private final Conv2D input;
  private final List<Conv2D> downs = new ArrayList<>();
  private final List<BatchNorm> bns = new ArrayList<>(); // empty without batch norm
  private final Conv2D logit;
  private final ClassHead head;

  DcganDiscriminator(Variables vars, ModelSpec spec, CriticOptions options) {
    this.vars = vars;
    boolean sn = options.spectralNorm();
    var kernels = KernelNorm.spectralIf(sn);
    boolean batchNorm = options.batchNorm() && !sn;
    // With spectral norm each block's batch norm gives way to a bias.
    var blockBias = sn ? Bias.LEARNED : Bias.NONE;
    int hidden = Integer.numberOfTrailingZeros(spec.height()) - 3;
    input =
        new Conv2D(
            vars, "conv0", spec.channels(), spec.ndf(), 4, 2, Padding.SAME, Bias.NONE, kernels);
    layers.add(input.shape(spec.height(), spec.width()));
    int side = spec.height() / 2;
    long maps = spec.ndf();
    for (int i = 1; i <= hidden; i++) {
      downs.add(
          new Conv2D(vars, "conv" + i, maps, maps * 2, 4, 2, Padding.SAME, blockBias, kernels));
      if (batchNorm) bns.add(new BatchNorm(vars, "bn" + i, maps * 2));
      layers.add(downs.get(i - 1).shape(side, side));
      side /= 2;
      maps *= 2;
    }
    logit = new Conv2D(vars, "logit", maps, 1, 4, 1, Padding.VALID, Bias.NONE, kernels);
    layers.add(logit.shape(side, side));
    // phi(x) is the 4x4 map the logit convolution reads, flattened.
    head = spec.labelSource().discriminatorHead(vars, 16 * maps, kernels);
    layers.addAll(head.layers());
  }

  @Override
  public List<LayerShape> layers() {
    return List.copyOf(layers);
  }

  @Override
  public Forward forward(
      Ops tf, Operand<TFloat32> images, Labels labels, Mode mode, SeedStream seeds) {
    var updates = new ArrayList<Op>();
    Operand<TFloat32> x = lrelu(tf, input.apply(tf, images, mode)); // [N, S/2, S/2, ndf]
    for (int i = 0; i < downs.size(); i++) {
      x = downs.get(i).apply(tf, x, mode); // side /2, maps x2
      if (!bns.isEmpty()) x = bns.get(i).apply(tf, x, mode, updates);
      x = lrelu(tf, x);
    }
    var logits = tf.reshape(logit.apply(tf, x, mode), tf.constant(new long[] {-1, 1})); // [N, 1]
    return head.apply(tf, logits, x, labels, updates, mode);
  }

  private static Operand<TFloat32> lrelu(Ops tf, Operand<TFloat32> x) {
    return tf.nn.leakyRelu(x, LeakyRelu.alpha(LEAKY_ALPHA));
  }

  @Override
  public Variables variables() {
    return vars;
  }
}
