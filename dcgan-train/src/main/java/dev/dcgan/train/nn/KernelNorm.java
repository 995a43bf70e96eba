package dev.dcgan.train.nn;

/** What a layer computes with: its kernel as it is, or divided by its largest singular value. */
public enum KernelNorm {
  NONE,
  /** {@link SpectralNorm}: W / σ(W), with the power-iteration vector {@code <layer>.sn_u}. */
  SPECTRAL;

  /** {@link #SPECTRAL} if {@code on}: for options that arrive as a flag. */
  public static KernelNorm spectralIf(boolean on) {
    return on ? SPECTRAL : NONE;
  }
}
