package dev.dcgan.train.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Are the samples new images or copies of training images? Each sample's nearest training image (in
 * the classifier's feature space, or in pixels), against how near genuinely new images come: the
 * real test images' distances to their nearest training image. A sample nearer to a training image
 * than the 5th percentile of those distances counts as a copy; a generator that draws new images
 * has about 5% such samples by chance, one that memorised has many more.
 */
public final class CopyCheck {
  /** The percentile of the test images' nearest-training distances below which a sample copies. */
  public static final double PERCENTILE = 5;

  /** A sample and its nearest training image. */
  public record Pair(int sample, int training, double distance) {}

  /**
   * @param threshold the test images' {@value #PERCENTILE}th-percentile nearest-training distance
   * @param copyShare the share of samples nearer than that to a training image
   * @param sampleMedian the samples' median nearest-training distance
   * @param testMedian the test images' median nearest-training distance
   * @param closest the samples nearest to a training image, nearest first
   */
  public record Result(
      double threshold,
      double copyShare,
      double sampleMedian,
      double testMedian,
      List<Pair> closest) {}

  private CopyCheck() {}

  /**
   * @param training the rows G trained on
   * @param test real images G did not train on
   * @param samples generated images
   * @param keep how many closest pairs to return
   */
  public static Result run(double[][] training, double[][] test, double[][] samples, int keep) {
    return run(training, test, training, samples, keep);
  }

  /**
   * As {@link #run(double[][], double[][], double[][], int)}, with the test images measured against
   * {@code testReference}, a part of {@code training} that they are not in: for a folder data set,
   * whose held-out tenth G trained on too, the samples are compared with every image and the
   * held-out tenth with the other nine.
   */
  public static Result run(
      double[][] training,
      double[][] test,
      double[][] testReference,
      double[][] samples,
      int keep) {
    var testNearest = Neighbours.nearest(test, testReference).distance();
    var sampleNearest = Neighbours.nearest(samples, training);
    double threshold = percentile(testNearest, PERCENTILE);
    long copies = Arrays.stream(sampleNearest.distance()).filter(d -> d < threshold).count();
    var order =
        IntStream.range(0, samples.length)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> sampleNearest.distance()[i]))
            .limit(keep)
            .toList();
    var closest = new ArrayList<Pair>();
    for (int i : order)
      closest.add(new Pair(i, sampleNearest.index()[i], sampleNearest.distance()[i]));
    return new Result(
        threshold,
        (double) copies / samples.length,
        percentile(sampleNearest.distance(), 50),
        percentile(testNearest, 50),
        List.copyOf(closest));
  }

  /** The q-th percentile with linear interpolation between ranks (numpy's default). */
  static double percentile(double[] values, double q) {
    var sorted = values.clone();
    Arrays.sort(sorted);
    double rank = q / 100 * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
  }
}
