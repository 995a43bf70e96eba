package dev.dcgan.train.options;

import java.util.Locale;

/**
 * The concern an option belongs to, as StudioGAN groups its config table. A resumed run keeps its
 * data, network and optimisation (its checkpoints and its random streams depend on them); only its
 * run settings may change.
 */
public enum OptionGroup {
  DATA,
  NETWORK,
  OPTIMISATION,
  RUN;

  /** The group's key in config.json: {@code data}, {@code network}, ... */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a resumed run must keep the values it was started with. */
  public boolean frozenOnResume() {
    return this != RUN;
  }
}
