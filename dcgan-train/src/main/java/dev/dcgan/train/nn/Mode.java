package dev.dcgan.train.nn;

/** Whether a layer runs as in training (batch statistics, dropout on) or as in inference. */
public enum Mode {
  TRAIN,
  INFER
}
