package dev.dcgan.train.training;

/**
 * What one step measured, before its updates.
 *
 * @param dLoss D's loss on the real and the fake batch
 * @param gLoss G's loss through the updated D
 * @param dReal mean D(x)
 * @param dFake mean D(G(z))
 */
public record StepMetrics(float dLoss, float gLoss, float dReal, float dFake) {
  public boolean finite() {
    return Float.isFinite(dLoss)
        && Float.isFinite(gLoss)
        && Float.isFinite(dReal)
        && Float.isFinite(dFake);
  }
}
