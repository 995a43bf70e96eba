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
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow DCGAN tutorial's generator, for images of side 4k (28x28 for MNIST): a projection
 * to 4·ngf maps of side k, then transposed convolutions to 2·ngf, ngf and C maps (256, 128, 64 in
 * the tutorial, ngf 64). Its label source and normalisation make it any of the conditional Gs (see
 * {@link LabelSource}).
 */
final class TutorialGenerator implements Generator {
  static final float LEAKY_ALPHA = 0.3f; // Keras's LeakyReLU default, as in the tutorial

  private final Variables vars;
  private final LabelSource labelSource;
  private final List<LayerShape> layers;
  private final int h0;
  private final int w0;
  private final long maps0; // 4 ngf
  private final Dense project;
  private final Normalisation.Layer bn0;
  private final Conv2DTranspose up1;
  private final Normalisation.Layer bn1;
  private final Conv2DTranspose up2;
  private final Normalisation.Layer bn2;
  private final Conv2DTranspose up3;
  private final LabelSource.LabelInput input;

  TutorialGenerator(
      Variables vars, ModelSpec spec, LabelSource labelSource, Normalisation normalisation) {
    this.vars = vars;
    this.labelSource = labelSource;
    h0 = spec.height() / 4;
    w0 = spec.width() / 4;
    int ngf = spec.ngf();
    maps0 = 4L * ngf;
    project = new Dense(vars, "dense", spec.latentSize(), (long) h0 * w0 * maps0, Bias.NONE);
    bn0 = normalisation.create(vars, "bn0", (long) h0 * w0 * maps0);
    up1 = new Conv2DTranspose(vars, "deconv1", maps0, 2 * ngf, 5, 1, Bias.NONE);
    bn1 = normalisation.create(vars, "bn1", 2 * ngf);
    up2 = new Conv2DTranspose(vars, "deconv2", 2 * ngf, ngf, 5, 2, Bias.NONE);
    bn2 = normalisation.create(vars, "bn2", ngf);
    up3 = new Conv2DTranspose(vars, "deconv3", ngf, spec.channels(), 5, 2, Bias.NONE);
    input = labelSource.generatorInput(vars, spec.latentSize()); // after G's own layers
    var s1 = up1.shape(h0, w0);
    var s2 = up2.shape(s1.outHeight(), s1.outWidth());
    layers = List.of(project.shape(), s1, s2, up3.shape(s2.outHeight(), s2.outWidth()));
  }

  @Override
  public List<LayerShape> layers() {
    return layers;
  }

  @Override
  public Forward forward(Ops tf, Operand<TFloat32> z, Labels fed, Mode mode) {
    var updates = new ArrayList<Op>();
    var y = labelSource.generatorLabels(tf, z, fed);
    var x = project.apply(tf, input.apply(tf, z, y, mode)); // [N, h0*w0*4ngf]
    x = lrelu(tf, bn0.apply(tf, x, y, mode, updates));
    x = tf.reshape(x, tf.constant(new long[] {-1, h0, w0, maps0})); // [N, 7, 7, 4ngf]
    x = lrelu(tf, bn1.apply(tf, up1.apply(tf, x), y, mode, updates)); // [N, 7, 7, 2ngf]
    x = lrelu(tf, bn2.apply(tf, up2.apply(tf, x), y, mode, updates)); // [N, 14, 14, ngf]
    Operand<TFloat32> images = tf.math.tanh(up3.apply(tf, x)); // [N, 28, 28, C]
    return new Forward(images, updates);
  }

  static Operand<TFloat32> lrelu(Ops tf, Operand<TFloat32> x) {
    return tf.nn.leakyRelu(x, LeakyRelu.alpha(LEAKY_ALPHA));
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
