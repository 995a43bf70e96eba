package dev.dcgan.train.training;

/**
 * Both learning rates fall linearly to 0 between two epochs, as pix2pix and CycleGAN end their
 * training: a GAN's updates keep chasing the other network at a constant rate, so the images keep
 * wobbling; shrinking the steps lets both settle. Written {@code FROM:TO}.
 *
 * <pre>
 *   factor(p) = 1                      p <= from         p: epochs done, fractional
 *             = (to - p) / (to - from)  from < p < to
 *             = 0                      p >= to
 * </pre>
 *
 * The factor is a function of the position in the data, so a resumed run continues the same
 * schedule.
 *
 * @param fromEpoch the epoch after which the decay starts (0: from the first update)
 * @param toEpoch the epoch at whose end the rates reach 0
 */
public record LearningRateDecay(int fromEpoch, int toEpoch) {
  public LearningRateDecay {
    if (fromEpoch < 0 || toEpoch <= fromEpoch)
      throw new IllegalArgumentException(
          "the learning-rate decay needs 0 <= FROM < TO (epochs), got "
              + fromEpoch
              + ":"
              + toEpoch);
  }

  /**
   * @param text {@code FROM:TO}, e.g. {@code 25:40}
   */
  public static LearningRateDecay parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 2)
      throw new IllegalArgumentException(
          "the learning-rate decay is FROM:TO in epochs (e.g. 25:40), got '" + text + "'");
    try {
      return new LearningRateDecay(
          Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the learning-rate decay is FROM:TO in whole epochs (e.g. 25:40), got '" + text + "'");
    }
  }

  /**
   * The factor of the learning rates for the update on batch {@code batch} (0-based) of epoch
   * {@code epoch} (0-based): the position is taken before the update.
   */
  public float factor(int epoch, int batch, int batchesPerEpoch) {
    double p = epoch + (double) batch / batchesPerEpoch;
    if (p <= fromEpoch) return 1f;
    if (p >= toEpoch) return 0f;
    return (float) ((toEpoch - p) / (toEpoch - fromEpoch));
  }

  @Override
  public String toString() {
    return fromEpoch + ":" + toEpoch;
  }
}
