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

/** The TensorFlow DCGAN tutorial's generator, for images of side 4k (28x28 for MNIST). */
final class TutorialGenerator implements Generator {
  static final float LEAKY_ALPHA = 0.3f; // Keras's LeakyReLU default, as in the tutorial

  private final Variables vars;
  private final java.util.List<LayerShape> layers;
  private final int h0;
  private final int w0;
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
    project = new Dense(vars, "dense", spec.latentSize(), (long) h0 * w0 * 256, false);
    long k = spec.batchNormClasses();
    bn0 = new BatchNorm(vars, "bn0", (long) h0 * w0 * 256, k);
    up1 = new Conv2DTranspose(vars, "deconv1", 256, 128, 5, 1, false);
    bn1 = new BatchNorm(vars, "bn1", 128, k);
    up2 = new Conv2DTranspose(vars, "deconv2", 128, 64, 5, 2, false);
    bn2 = new BatchNorm(vars, "bn2", 64, k);
    up3 = new Conv2DTranspose(vars, "deconv3", 64, spec.channels(), 5, 2, false);
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
    var x = project.apply(tf, z); // [N, h0*w0*256]
    x = lrelu(tf, bn0.apply(tf, x, bnLabels, mode, updates));
    x = tf.reshape(x, tf.constant(new long[] {-1, h0, w0, 256})); // [N, 7, 7, 256]
    x = lrelu(tf, bn1.apply(tf, up1.apply(tf, x), bnLabels, mode, updates)); // [N, 7, 7, 128]
    x = lrelu(tf, bn2.apply(tf, up2.apply(tf, x), bnLabels, mode, updates)); // [N, 14, 14, 64]
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
