package dev.dcgan.train.monitor;

import dev.dcgan.inference.LatentNoise;
import dev.dcgan.train.eval.Evaluator;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.TrainingListener.EpochSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * FCD of {@link EvaluationListener#COUNT} samples of G against the test split, on the classifier
 * shipped for the run's data set ({@code models/classifier-<data set>}), as {@code evaluate}
 * computes it. The same z every time, so epochs are compared on equal terms.
 */
final class ClassifierFcd implements EvaluationListener.Measure {
  /** Images per {@code Session.run} while sampling, at most. */
  private static final int BATCH = 500;

  private final Evaluator evaluator;
  private final float[][] z;
  private final long seed;
  private final int batch;

  private ClassifierFcd(Evaluator evaluator, int latentSize, int classes, long seed) {
    this.evaluator = evaluator;
    this.z = LatentNoise.gaussian(EvaluationListener.COUNT, latentSize, seed);
    this.seed = seed;
    // A conditional G draws classes 0, 1, 2, ... in turn from the start of each draw: whole
    // rounds of classes per batch keep the 2000 images balanced (200 of each of ten classes).
    this.batch = classes > BATCH ? z.length : classes > 1 ? BATCH - BATCH % classes : BATCH;
  }

  /** For the run in {@code runDir}, or a clear error when its data set has no classifier. */
  static ClassifierFcd open(Path runDir, long seed) throws IOException {
    return open(runDir, Evaluator.MODELS, seed);
  }

  /** As {@link #open(Path, long)}, with the classifiers in {@code models}. */
  static ClassifierFcd open(Path runDir, Path models, long seed) throws IOException {
    var info = RunFolder.existing(runDir).readModelInfo();
    Path classifier = Evaluator.defaultClassifier(models, info.dataset());
    if (!Files.isDirectory(classifier)) {
      throw new IOException(
          "--eval-every needs a classifier for "
              + info.dataset()
              + " at "
              + classifier
              + "; make one with: dcgan train-classifier --data PATH");
    }
    var spec = info.spec();
    var evaluator = Evaluator.open(classifier, null);
    var c = evaluator.classifier();
    // Said now, at the start, not after the first epoch's training.
    if (c.height() != spec.height()
        || c.width() != spec.width()
        || c.channels() != spec.channels()) {
      evaluator.close();
      throw new IOException(
          String.format(
              java.util.Locale.ROOT,
              "--eval-every: the classifier %s takes %dx%dx%d images, and this run draws"
                  + " %dx%dx%d; drop --eval-every, or train a classifier on images of this shape"
                  + " (dcgan train-classifier)",
              classifier,
              c.height(),
              c.width(),
              c.channels(),
              spec.height(),
              spec.width(),
              spec.channels()));
    }
    return new ClassifierFcd(
        evaluator, spec.latentSize(), spec.conditional() ? spec.classes() : 0, seed);
  }

  @Override
  public double of(EpochSummary epoch) {
    float[] pixels = null;
    int offset = 0;
    for (int from = 0; from < z.length; from += batch) {
      var chunk = java.util.Arrays.copyOfRange(z, from, Math.min(from + batch, z.length));
      float[] drawn = epoch.generator().draw(chunk);
      if (pixels == null) pixels = new float[drawn.length / chunk.length * z.length];
      System.arraycopy(drawn, 0, pixels, offset, drawn.length);
      offset += drawn.length;
    }
    var source = "epoch " + epoch.epoch();
    return evaluator.evaluate(source, pixels, z.length, seed).generated().fcd();
  }

  @Override
  public void close() {
    evaluator.close();
  }
}
