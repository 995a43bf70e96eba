package dev.dcgan.train.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-class half of a conditional evaluation: for each class, how often the classifier labels
 * the images asked for as that class as it, and their FCD against the test split's images of that
 * class. The test split's per-class statistics are computed once.
 */
final class ConditionalScores {
  private final int classes;
  private final FeatureStatistics[] test;
  private final int[] testCounts;

  /**
   * @param testFeatures the classifier's features of the test split
   * @param testLabels the test split's true labels
   */
  ConditionalScores(double[][] testFeatures, int[] testLabels, int classes) {
    this.classes = classes;
    this.testCounts = ClassBalance.counts(testLabels, classes);
    this.test = new FeatureStatistics[classes];
    var byClass = byClass(testFeatures, testLabels);
    for (int k = 0; k < classes; k++)
      if (byClass[k].length >= 2) test[k] = FeatureStatistics.of(byClass[k]);
  }

  /**
   * @param names the class names, label order
   * @param generated the classifier's outputs for the generated images
   * @param requested the class each generated image was asked for
   * @param floor the classifier's outputs for the real training images of the floor
   * @param floorLabels their true labels
   */
  EvaluationReport.Conditional of(
      List<String> names,
      ClassifierModel.Outputs generated,
      int[] requested,
      ClassifierModel.Outputs floor,
      int[] floorLabels) {
    int[] predicted = generated.predictions();
    int[] floorPredicted = floor.predictions();
    var generatedByClass = byClass(generated.features(), requested);
    var floorByClass = byClass(floor.features(), floorLabels);
    var perClass = new ArrayList<EvaluationReport.PerClass>(classes);
    for (int k = 0; k < classes; k++) {
      int[] histogram = new int[classes];
      for (int i = 0; i < requested.length; i++) if (requested[i] == k) histogram[predicted[i]]++;
      perClass.add(
          new EvaluationReport.PerClass(
              k,
              names.get(k),
              generatedByClass[k].length,
              testCounts[k],
              share(predicted, requested, k),
              fcd(generatedByClass[k], k),
              share(floorPredicted, floorLabels, k),
              fcd(floorByClass[k], k),
              histogram));
    }
    return new EvaluationReport.Conditional(
        ClassBalance.SAMPLING,
        generated.accuracy(requested),
        floor.accuracy(floorLabels),
        List.copyOf(perClass));
  }

  /** FCD of a class's features against the test split's of that class; NaN under 2 of either. */
  private double fcd(double[][] features, int k) {
    if (features.length < 2 || test[k] == null) return Double.NaN;
    return FrechetDistance.between(FeatureStatistics.of(features), test[k]);
  }

  /** Share of the images of class k (by {@code labels}) whose prediction is k; NaN if none. */
  private static double share(int[] predictions, int[] labels, int k) {
    int n = 0;
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != k) continue;
      n++;
      if (predictions[i] == k) right++;
    }
    return n == 0 ? Double.NaN : (double) right / n;
  }

  private double[][][] byClass(double[][] rows, int[] labels) {
    int[] counts = ClassBalance.counts(labels, classes);
    var out = new double[classes][][];
    for (int k = 0; k < classes; k++) out[k] = new double[counts[k]][];
    int[] filled = new int[classes];
    for (int i = 0; i < rows.length; i++) out[labels[i]][filled[labels[i]]++] = rows[i];
    return out;
  }
}
