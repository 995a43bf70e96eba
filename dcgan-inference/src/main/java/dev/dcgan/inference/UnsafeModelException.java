package dev.dcgan.inference;

import java.util.SortedSet;

/**
 * A SavedModel holds ops outside the {@link OpAllowList}, so it was not loaded: loading or running
 * it could read or write files. The message names the folder, the ops and the way to load a model
 * you trust anyway.
 */
public class UnsafeModelException extends ModelLoadException {
  private static final long serialVersionUID = 1L;

  private final SortedSet<String> refusedOps;

  /**
   * @param message what was refused and why, naming the folder
   * @param refusedOps the op types outside the allow-list
   */
  public UnsafeModelException(String message, SortedSet<String> refusedOps) {
    super(message);
    this.refusedOps = refusedOps;
  }

  /**
   * @return the op types outside the allow-list, sorted
   */
  public SortedSet<String> refusedOps() {
    return refusedOps;
  }
}
