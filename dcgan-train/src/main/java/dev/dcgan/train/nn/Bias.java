package dev.dcgan.train.nn;

/**
 * Whether a layer adds a learned bias {@code <layer>.bias} (zeros at the start) after its product.
 */
public enum Bias {
  /** No bias: a batch norm after the layer shifts instead. */
  NONE,
  LEARNED
}
