package dev.dcgan.train.options;

/** Where an option is used, besides its place in config.json. */
public enum Use {
  /** A flag of {@code dcgan train}. */
  TRAIN,
  /** A flag of {@code dcgan bench}, read with the same codec. */
  BENCH,
  /** A flag of {@code dcgan export}, read with the same codec. */
  EXPORT,
  /** A key a sweep spec may fix, grid or draw. */
  SWEEP,
  /** Recorded in an exported model's metadata ({@code extra.options}). */
  METADATA
}
