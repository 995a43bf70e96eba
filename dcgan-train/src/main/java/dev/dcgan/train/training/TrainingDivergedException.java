package dev.dcgan.train.training;

/** A loss became NaN or infinite: training stops, and the last good checkpoint stays the newest. */
public final class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(String message) {
    super(message);
  }
}
