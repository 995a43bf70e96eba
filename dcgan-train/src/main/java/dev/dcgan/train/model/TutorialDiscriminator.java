package dev.dcgan.train.model;

import static dev.dcgan.train.model.TutorialGenerator.lrelu;

import dev.dcgan.train.nn.Bias;
import dev.dcgan.train.nn.Conv2D;
import dev.dcgan.train.nn.Dense;
import dev.dcgan.train.nn.Dropout;
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
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow DCGAN tutorial's discriminator: two strided convolutions of ndf and 2·ndf maps (64
 * and 128 in the tutorial), dropout, one logit. With spectral norm, all three kernels are
 * spectrally normalised (it has no batch norm to drop).
 */
final class TutorialDiscriminator implements Discriminator {
  static final float DROPOUT = 0.3f;

  private final Variables vars;
  private final List<LayerShape> layers;
  private final long flat;
  private final Conv2D conv1;
  private final Conv2D conv2;
  private final Dense logit;
  private final Dropout dropout = new Dropout(DROPOUT);
  private final ClassHead head;

  TutorialDiscriminator(Variables vars, ModelSpec spec, KernelNorm kernels) {
    this.vars = vars;
    int ndf = spec.ndf();
    flat = (long) (spec.height() / 4) * (spec.width() / 4) * 2 * ndf;
    conv1 =
        new Conv2D(vars, "conv1", spec.channels(), ndf, 5, 2, Padding.SAME, Bias.LEARNED, kernels);
    conv2 = new Conv2D(vars, "conv2", ndf, 2L * ndf, 5, 2, Padding.SAME, Bias.LEARNED, kernels);
    logit = new Dense(vars, "logit", flat, 1, Bias.LEARNED, kernels);
    head = spec.labelSource().discriminatorHead(vars, flat, kernels);
    var first = conv1.shape(spec.height(), spec.width());
    var shapes =
        new ArrayList<>(
            List.of(first, conv2.shape(first.outHeight(), first.outWidth()), logit.shape()));
    shapes.addAll(head.layers());
    layers = List.copyOf(shapes);
  }

  @Override
  public List<LayerShape> layers() {
    return layers;
  }

  @Override
  public Forward forward(
      Ops tf, Operand<TFloat32> images, Labels labels, Mode mode, SeedStream seeds) {
    var x = lrelu(tf, conv1.apply(tf, images, mode)); // [N, 14, 14, ndf]
    x = dropout.apply(tf, x, mode, seeds.next(tf));
    x = lrelu(tf, conv2.apply(tf, x, mode)); // [N, 7, 7, 2 ndf]
    x = dropout.apply(tf, x, mode, seeds.next(tf));
    x = tf.reshape(x, tf.constant(new long[] {-1, flat})); // [N, 6272] for ndf 64
    return head.apply(tf, logit.apply(tf, x, mode), x, labels, List.of(), mode); // [N, 1]
  }

  @Override
  public Variables variables() {
    return vars;
  }
}
