package dev.dcgan.train.nn;

/** Convolution padding, as TensorFlow names it. */
public enum Padding {
  /** Output size = ceil(input / stride); for a transposed conv, input * stride. */
  SAME,
  /** No padding. */
  VALID;

  String tfName() {
    return name();
  }
}
