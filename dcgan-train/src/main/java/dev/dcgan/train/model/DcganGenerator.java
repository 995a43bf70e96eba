package dev.dcgan.train.model;

import dev.dcgan.train.nn.Bias;
import dev.dcgan.train.nn.Conv2DTranspose;
import dev.dcgan.train.nn.Dense;
import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Normalisation;
import dev.dcgan.train.nn.Variables;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The DCGAN paper's generator (pytorch/examples' netG) for S x S images, S = 2^k:
 *
 * <pre>
 *   z [N, nz] -> project to 4x4 x ngf*2^(k-3), BN, ReLU            (pytorch: ConvT 4x4 s1 on 1x1)
 *   then (k-3) times: ConvT 4x4 s2 halving the maps, BN, ReLU      4 -> 8 -> ... -> S/2
 *   ConvT 4x4 s2 -> C maps, tanh                                   S/2 -> S
 * </pre>
 *
 * For 64x64: 4x4x512, 8x8x256, 16x16x128, 32x32x64, 64x64xC (ngf = 64). Its label source and
 * normalisation make it any of the conditional Gs (see {@link LabelSource}).
 */
final class DcganGenerator implements Generator {
  private final Variables vars;
  private final LabelSource labelSource;
  private final List<LayerShape> layers = new ArrayList<>();
  private final long baseMaps;
  private final Dense project;
  private final Normalisation.Layer bn0;
  private final List<Conv2DTranspose> ups = new ArrayList<>();
  private final List<Normalisation.Layer> bns = new ArrayList<>();
  private final Conv2DTranspose toImage;
  private final LabelSource.LabelInput input;

  DcganGenerator(
      Variables vars, ModelSpec spec, LabelSource labelSource, Normalisation normalisation) {
    this.vars = vars;
    this.labelSource = labelSource;
    int hidden =
        Integer.numberOfTrailingZeros(spec.height())
            - 3; // ConvT+BN+ReLU blocks: 3 for 64, 2 for 32
    baseMaps = (long) spec.ngf() << hidden;
    // A 4x4 transposed conv on a 1x1 input is a dense projection: written as one.
    project = new Dense(vars, "project", spec.latentSize(), 16 * baseMaps, Bias.NONE);
    bn0 = normalisation.create(vars, "bn0", 16 * baseMaps);
    layers.add(project.shape());
    long maps = baseMaps;
    long side = 4;
    for (int i = 1; i <= hidden; i++) {
      ups.add(new Conv2DTranspose(vars, "deconv" + i, maps, (int) (maps / 2), 4, 2, Bias.NONE));
      bns.add(normalisation.create(vars, "bn" + i, maps / 2));
      layers.add(ups.get(i - 1).shape((int) side, (int) side));
      maps /= 2;
      side *= 2;
    }
    toImage =
        new Conv2DTranspose(vars, "deconv" + (hidden + 1), maps, spec.channels(), 4, 2, Bias.NONE);
    layers.add(toImage.shape((int) side, (int) side));
    input = labelSource.generatorInput(vars, spec.latentSize()); // after G's own layers
  }

  @Override
  public List<LayerShape> layers() {
    return List.copyOf(layers);
  }

  @Override
  public Forward forward(Ops tf, Operand<TFloat32> z, Labels fed, Mode mode) {
    var updates = new ArrayList<Op>();
    var y = labelSource.generatorLabels(tf, z, fed);
    var projected = project.apply(tf, input.apply(tf, z, y, mode));
    Operand<TFloat32> x =
        tf.nn.relu(bn0.apply(tf, projected, y, mode, updates)); // [N, 16*ngf*2^k']
    x = tf.reshape(x, tf.constant(new long[] {-1, 4, 4, baseMaps})); // [N, 4, 4, ngf*2^k']
    for (int i = 0; i < ups.size(); i++) {
      x =
          tf.nn.relu(
              bns.get(i).apply(tf, ups.get(i).apply(tf, x), y, mode, updates)); // side x2, maps /2
    }
    return new Forward(tf.math.tanh(toImage.apply(tf, x)), updates); // [N, S, S, C]
  }

  @Override
  public LabelSource labelSource() {
    return labelSource;
  }

  @Override
  public Variables variables() {
    return vars;
  }
}
