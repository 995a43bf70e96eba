package dev.dcgan.train.model;

import java.util.Locale;

/** A family of generator/discriminator pairs. */
public enum Architecture {
  /** The TensorFlow DCGAN tutorial's networks: 5x5 kernels, LeakyReLU 0.3, dropout in D. */
  TUTORIAL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Architecture parse(String s) {
    for (var a : values()) if (a.id().equals(s.toLowerCase(Locale.ROOT))) return a;
    throw new IllegalArgumentException("unknown architecture '" + s + "' (known: tutorial)");
  }
}
