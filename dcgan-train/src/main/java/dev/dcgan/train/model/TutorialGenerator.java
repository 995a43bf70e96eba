package dev.dcgan.train.model;

import dev.dcgan.train.nn.BatchNorm;
import dev.dcgan.train.nn.Conv2DTranspose;
import dev.dcgan.train.nn.Dense;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import java.util.ArrayList;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The TensorFlow DCGAN tutorial's generator, for images of side 4k (28x28 for MNIST): a projection
 * to 4·ngf maps of side k, then transposed convolutions to 2·ngf, ngf and C maps (256, 128, 64 in
 * the tutorial, ngf 64).
 */
final class TutorialGenerator implements Generator {
  static final float LEAKY_ALPHA = 0.3f; // Keras's LeakyReLU default, as in the tutorial

  private final Variables vars;
  private final java.util.List<LayerShape> layers;
  private final int h0;
  private final int w0;
  private final long maps0; // 4 ngf
  private final Dense project;
  private final BatchNorm bn0;
  private final Conv2DTranspose up1;
  private final BatchNorm bn1;
  private final Conv2DTranspose up2;
  private final BatchNorm bn2;
  private final Conv2DTranspose up3;

  TutorialGenerator(Variables vars, ModelSpec spec) {
    this.vars = vars;
    h0 = spec.height() / 4;
    w0 = spec.width() / 4;
    int ngf = spec.ngf();
    maps0 = 4L * ngf;
    project = new Dense(vars, "dense", spec.latentSize(), (long) h0 * w0 * maps0, false);
    long k = spec.batchNormClasses();
    bn0 = new BatchNorm(vars, "bn0", (long) h0 * w0 * maps0, k);
    up1 = new Conv2DTranspose(vars, "deconv1", maps0, 2 * ngf, 5, 1, false);
    bn1 = new BatchNorm(vars, "bn1", 2 * ngf, k);
    up2 = new Conv2DTranspose(vars, "deconv2", 2 * ngf, ngf, 5, 2, false);
    bn2 = new BatchNorm(vars, "bn2", ngf, k);
    up3 = new Conv2DTranspose(vars, "deconv3", ngf, spec.channels(), 5, 2, false);
    var s1 = up1.shape(h0, w0);
    var s2 = up2.shape(s1.outHeight(), s1.outWidth());
    layers = java.util.List.of(project.shape(), s1, s2, up3.shape(s2.outHeight(), s2.outWidth()));
  }

  @Override
  public java.util.List<LayerShape> layers() {
    return layers;
  }

  @Override
  public Forward forward(Ops tf, Operand<TFloat32> z, Operand<TInt64> bnLabels, Mode mode) {
    var updates = new ArrayList<Op>();
    var x = project.apply(tf, z); // [N, h0*w0*4ngf]
    x = lrelu(tf, bn0.apply(tf, x, bnLabels, mode, updates));
    x = tf.reshape(x, tf.constant(new long[] {-1, h0, w0, maps0})); // [N, 7, 7, 4ngf]
    x = lrelu(tf, bn1.apply(tf, up1.apply(tf, x), bnLabels, mode, updates)); // [N, 7, 7, 2ngf]
    x = lrelu(tf, bn2.apply(tf, up2.apply(tf, x), bnLabels, mode, updates)); // [N, 14, 14, ngf]
    Operand<TFloat32> images = tf.math.tanh(up3.apply(tf, x)); // [N, 28, 28, C]
    return new Forward(images, updates);
  }

  static Operand<TFloat32> lrelu(Ops tf, Operand<TFloat32> x) {
    return tf.nn.leakyRelu(x, LeakyRelu.alpha(LEAKY_ALPHA));
  }

  @Override
  public Variables variables() {
    return vars;
  }
}
