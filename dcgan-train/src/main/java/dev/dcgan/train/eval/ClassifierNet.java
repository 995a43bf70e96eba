package dev.dcgan.train.eval;

import dev.dcgan.train.nn.BatchNorm;
import dev.dcgan.train.nn.Bias;
import dev.dcgan.train.nn.Conv2D;
import dev.dcgan.train.nn.Dense;
import dev.dcgan.train.nn.Dropout;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Padding;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The classifier the evaluation measures with: images [N, H, W, C] in [0, 1] -> two strided 5x5
 * convolutions (32, 64 channels), each with batch norm and ReLU -> a dense ReLU layer, the
 * <em>features</em> (the penultimate layer, whose statistics the Frechet and kernel distances
 * compare) -> dropout (in training) -> one logit per class.
 *
 * <p>Its variables are named {@code classifier.<layer>.<name>}, so the training graph's checkpoint
 * restores into the export graph by name, as the generator's does.
 */
public final class ClassifierNet {
  public static final String NETWORK = "classifier";

  /** Default width of the feature layer. */
  public static final int DEFAULT_FEATURES = 128;

  static final float DROPOUT = 0.3f;

  /**
   * The logits [N, classes] and the features [N, featureWidth] of one forward pass, and in training
   * the batch-norm updates the train step must run.
   */
  public record Output(Operand<TFloat32> logits, Operand<TFloat32> features, List<Op> updates) {}

  private final long flat;
  private final Conv2D conv1;
  private final BatchNorm bn1;
  private final Conv2D conv2;
  private final BatchNorm bn2;
  private final Dense features;
  private final Dense logits;
  private final Dropout dropout = new Dropout(DROPOUT);

  public ClassifierNet(
      Variables vars, int height, int width, int channels, int classes, int featureWidth) {
    if (classes < 2)
      throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
    if (featureWidth < 1)
      throw new IllegalArgumentException("feature width must be >= 1, got " + featureWidth);
    // Two stride-2 "same" convolutions: ceil(side / 2) twice.
    flat = (long) ((height + 3) / 4) * ((width + 3) / 4) * 64;
    conv1 = new Conv2D(vars, "conv1", channels, 32, 5, 2, Padding.SAME, Bias.NONE);
    bn1 = new BatchNorm(vars, "bn1", 32);
    conv2 = new Conv2D(vars, "conv2", 32, 64, 5, 2, Padding.SAME, Bias.NONE);
    bn2 = new BatchNorm(vars, "bn2", 64);
    features = new Dense(vars, "features", flat, featureWidth, Bias.LEARNED);
    logits = new Dense(vars, "logits", featureWidth, classes, Bias.LEARNED);
  }

  /**
   * @param seeds dropout's seeds; unused (may be null) in {@link Mode#INFER}
   */
  public Output forward(Ops tf, Operand<TFloat32> images, Mode mode, SeedStream seeds) {
    var updates = new ArrayList<Op>();
    var x =
        normalisedRelu(
            tf, bn1, conv1.apply(tf, images), mode, updates); // [N, 14, 14, 32] for 28x28
    x = normalisedRelu(tf, bn2, conv2.apply(tf, x), mode, updates); // [N, 7, 7, 64]
    x = tf.reshape(x, tf.constant(new long[] {-1, flat})); // [N, 3136]
    Operand<TFloat32> f = tf.nn.relu(features.apply(tf, x)); // [N, featureWidth]
    Operand<TFloat32> dropped = mode == Mode.TRAIN ? dropout.apply(tf, f, mode, seeds.next(tf)) : f;
    return new Output(logits.apply(tf, dropped), f, List.copyOf(updates));
  }

  private static Operand<TFloat32> normalisedRelu(
      Ops tf, BatchNorm bn, Operand<TFloat32> x, Mode mode, List<Op> updates) {
    return tf.nn.relu(bn.apply(tf, x, mode, updates));
  }
}
