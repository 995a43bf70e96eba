package dev.dcgan.train.eval;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.LatentNoise;

/**
 * Which classes a generator with a latent code draws for each value of its code (see {@code
 * --latent-code}): for code c, z drawn from N(0, I) and conditioned on argmax(z_0..z_K-1) = c by
 * swapping the largest of those entries into place c (the entries are exchangeable, so this is z's
 * exact distribution given c), the images classified. The codes are learnt without labels; a code's
 * <em>purity</em> is the share of its images in its most frequent class.
 *
 * @param perCode images drawn for each code
 * @param counts [code][class]: how many of the code's images the classifier puts in each class
 */
public record CodeClasses(int perCode, int[][] counts) {

  /** The code of {@code z}'s row: the index of the largest of its first {@code codes} entries. */
  static int codeOf(float[] z, int codes) {
    int arg = 0;
    for (int j = 1; j < codes; j++) if (z[j] > z[arg]) arg = j;
    return arg;
  }

  /** {@code z} conditioned on code {@code c}: the largest of the first K entries moved to c. */
  static void forceCode(float[] z, int codes, int c) {
    int arg = codeOf(z, codes);
    float t = z[c];
    z[c] = z[arg];
    z[arg] = t;
  }

  /**
   * Draws {@code perCode} images for each of the model's {@code codes} codes and classifies them.
   */
  static CodeClasses measure(
      DcganModel model, int codes, ClassifierModel classifier, int perCode, long seed) {
    if (codes < 2 || codes > model.latentSize())
      throw new IllegalArgumentException(
          "a latent code of " + codes + " values does not fit z of " + model.latentSize());
    var counts = new int[codes][classifier.classes()];
    for (int c = 0; c < codes; c++) {
      var z = LatentNoise.gaussian(perCode, model.latentSize(), seed + c);
      for (var row : z) forceCode(row, codes, c);
      var images = model.generate(z);
      for (int p : classifier.run(images.pixels(), perCode).predictions()) counts[c][p]++;
    }
    return new CodeClasses(perCode, counts);
  }

  /** The class most of code c's images fall in. */
  public int topClass(int c) {
    int best = 0;
    for (int k = 1; k < counts[c].length; k++) if (counts[c][k] > counts[c][best]) best = k;
    return best;
  }

  /** The share of code c's images in its top class. */
  public double purity(int c) {
    return counts[c][topClass(c)] / (double) perCode;
  }

  /** The mean purity over the codes: 1 when every code draws one class. */
  public double meanPurity() {
    double sum = 0;
    for (int c = 0; c < counts.length; c++) sum += purity(c);
    return sum / counts.length;
  }

  /** How many classes are some code's top class: below the class count, some class has no code. */
  public int classesCovered() {
    var seen = new java.util.HashSet<Integer>();
    for (int c = 0; c < counts.length; c++) seen.add(topClass(c));
    return seen.size();
  }
}
