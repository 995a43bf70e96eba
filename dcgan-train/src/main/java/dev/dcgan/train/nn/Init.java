package dev.dcgan.train.nn;

/** How a fresh variable starts. DCGAN's paper: weights from N(0, 0.02). */
public enum Init {
  NORMAL_0_02,
  /** N(0, 1): torch.nn.Embedding's start, for a class embedding that scales z. */
  NORMAL,
  ZEROS,
  ONES
}
