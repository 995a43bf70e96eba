package dev.dcgan.inference;

import java.util.Objects;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * GAN inversion (as stylegan2-ada's {@code projector.py}, without its perceptual loss): the z whose
 * image is nearest a given picture, found by gradient descent on z through the exported generator.
 * The loss is the mean squared pixel error; its gradient with respect to z comes from {@link
 * Graph#addGradients} on the loaded graph (added once, beside the model's ops), and Adam's steps
 * are taken here in Java, so the model's variables never change.
 *
 * <pre>{@code
 * try (var model = DcganModel.load(Path.of("models/dcgan-mnist"))) {
 *   var fit = new Projector(model).project(picture, -1, 300, 0);
 *   fit.reconstruction().writePng(0, Path.of("nearest.png"));
 * }
 * }</pre>
 */
public final class Projector {
  /** Adam's step size on z; z's components are of order 1. */
  static final double LEARNING_RATE = 0.05;

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  /**
   * What a projection found.
   *
   * @param z the latent vector found
   * @param distance the mean squared pixel error of its image to the picture (pixels in [0, 1])
   * @param startDistance the same for the starting z
   * @param reconstruction the image of z
   */
  public record Fit(
      float[] z, double distance, double startDistance, GeneratedImages reconstruction) {}

  private final DcganModel model;
  private Output<TFloat32> target; // guarded by this: added to the graph once
  private Output<TFloat32> loss;
  private Output<?> gradient;

  public Projector(DcganModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Finds the z whose image is nearest {@code picture}.
   *
   * @param picture height x width x channels values in [0, 1], row-major (HWC), the model's size
   * @param label the class to project as, for a conditional model; ignored (pass -1) otherwise
   * @param steps Adam steps, at least 1
   * @param seed the seed of the starting z ({@link LatentNoise#gaussian(int, int, long)})
   * @return the z found, its distance and image
   * @throws IllegalArgumentException if the picture is not the model's size, or a conditional model
   *     gets no class
   */
  public synchronized Fit project(float[] picture, int label, int steps, long seed) {
    int size = model.height() * model.width() * model.channels();
    if (picture.length != size)
      throw new IllegalArgumentException(
          "the picture has " + picture.length + " values; the model makes " + size);
    if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    if (model.conditional() && (label < 0 || label >= model.classNames().size()))
      throw new IllegalArgumentException(
          "a class-conditional model projects as one class: give a class 0.."
              + (model.classNames().size() - 1));
    addLoss();
    float[] z = LatentNoise.gaussian(1, model.latentSize(), seed)[0];
    double[] m = new double[z.length];
    double[] v = new double[z.length];
    double start = Double.NaN;
    double last = Double.NaN;
    for (int t = 1; t <= steps; t++) {
      float[] grad = new float[z.length];
      last = step(z, label, picture, grad);
      if (t == 1) start = last;
      for (int j = 0; j < z.length; j++) {
        m[j] = BETA1 * m[j] + (1 - BETA1) * grad[j];
        v[j] = BETA2 * v[j] + (1 - BETA2) * grad[j] * grad[j];
        double mHat = m[j] / (1 - Math.pow(BETA1, t));
        double vHat = v[j] / (1 - Math.pow(BETA2, t));
        z[j] -= (float) (LEARNING_RATE * mHat / (Math.sqrt(vHat) + EPSILON));
      }
    }
    GeneratedImages image =
        model.conditional()
            ? model.generate(new float[][] {z}, new int[] {label})
            : model.generate(new float[][] {z});
    double distance = meanSquaredError(image.pixels(), picture);
    return new Fit(z, distance, Double.isNaN(start) ? last : start, image);
  }

  /**
   * A picture's pixels as the model's images hold them: height x width x channels values in [0, 1];
   * a colour picture for a grayscale model is turned to gray (ITU-R 601 luma).
   *
   * @param picture the picture, the model's size
   * @return HWC values in [0, 1]
   * @throws IllegalArgumentException if the picture is not the model's size
   */
  public static float[] pixelsOf(java.awt.image.BufferedImage picture, DcganModel model) {
    int h = model.height(), w = model.width(), c = model.channels();
    if (picture.getWidth() != w || picture.getHeight() != h)
      throw new IllegalArgumentException(
          "the picture is "
              + picture.getWidth()
              + "x"
              + picture.getHeight()
              + " pixels; the model makes "
              + w
              + "x"
              + h
              + " (resize it first)");
    boolean gray = picture.getType() == java.awt.image.BufferedImage.TYPE_BYTE_GRAY;
    float[] out = new float[h * w * c];
    int at = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (gray) {
          float v = picture.getRaster().getSample(x, y, 0) / 255f;
          for (int k = 0; k < c; k++) out[at++] = v;
          continue;
        }
        int rgb = picture.getRGB(x, y);
        float r = ((rgb >> 16) & 0xff) / 255f,
            g = ((rgb >> 8) & 0xff) / 255f,
            b = (rgb & 0xff) / 255f;
        if (c == 1) {
          out[at++] = 0.299f * r + 0.587f * g + 0.114f * b;
        } else {
          out[at++] = r;
          out[at++] = g;
          out[at++] = b;
        }
      }
    }
    return out;
  }

  static double meanSquaredError(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += (double) (a[i] - b[i]) * (a[i] - b[i]);
    return sum / a.length;
  }

  /** The target placeholder, the loss and dloss/dz, added to the model's graph once. */
  private void addLoss() {
    if (loss != null) return;
    model.withSession(
        (bundle, z, images, labels) -> {
          Graph graph = bundle.graph();
          Ops tf = Ops.create(graph).withSubScope("projector");
          Placeholder<TFloat32> picture =
              tf.placeholder(
                  TFloat32.class,
                  Placeholder.shape(Shape.of(-1, model.height(), model.width(), model.channels())));
          @SuppressWarnings("unchecked")
          Operand<TFloat32> generated = (Operand<TFloat32>) images;
          var error = tf.math.squaredDifference(generated, picture);
          var mean = tf.math.mean(error, tf.constant(new int[] {0, 1, 2, 3}));
          Output<?>[] grads = graph.addGradients(mean.asOutput(), new Output<?>[] {z});
          target = picture.output();
          loss = mean.asOutput();
          gradient = grads[0];
          return null;
        });
  }

  /** One forward and backward run: the loss at z, and its gradient into {@code grad}. */
  private double step(float[] z, int label, float[] picture, float[] grad) {
    return model.withSession(
        (bundle, zIn, images, labelsIn) -> {
          try (TFloat32 zT =
                  TFloat32.tensorOf(Shape.of(1, z.length), DataBuffers.of(z, true, false));
              TFloat32 pictureT =
                  TFloat32.tensorOf(
                      Shape.of(1, model.height(), model.width(), model.channels()),
                      DataBuffers.of(picture, true, false));
              TInt64 labelT = labelsIn == null ? null : TInt64.vectorOf(label)) {
            var runner =
                bundle
                    .session()
                    .runner()
                    .feed(zIn, zT)
                    .feed(target, pictureT)
                    .fetch(loss)
                    .fetch(gradient);
            if (labelsIn != null) runner.feed(labelsIn, labelT);
            try (Result r = runner.run()) {
              ((TFloat32) r.get(1)).copyTo(DataBuffers.of(grad, false, false));
              return (double) ((TFloat32) r.get(0)).getFloat();
            }
          }
        });
  }
}
