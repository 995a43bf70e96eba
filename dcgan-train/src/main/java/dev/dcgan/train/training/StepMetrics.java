package dev.dcgan.train.training;

/**
 * What one step measured, before its updates.
 *
 * @param dLoss D's loss on the real and the fake batch
 * @param gLoss G's loss through the updated D
 * @param dReal mean D(x)
 * @param dFake mean D(G(z))
 * @param augment the augmentation's p and r_t, if D's input is augmented; null otherwise
 */
public record StepMetrics(float dLoss, float gLoss, float dReal, float dFake, Augment augment) {
  /** A step of a run without augmentation. */
  public StepMetrics(float dLoss, float gLoss, float dReal, float dFake) {
    this(dLoss, gLoss, dReal, dFake, null);
  }

  /**
   * @param p the probability the step's augmentation applied each op with
   * @param rt ADA's last r_t = E[sign(D(real))] (0 before its first adjustment)
   */
  public record Augment(float p, float rt) {}

  public boolean finite() {
    return Float.isFinite(dLoss)
        && Float.isFinite(gLoss)
        && Float.isFinite(dReal)
        && Float.isFinite(dFake);
  }
}
