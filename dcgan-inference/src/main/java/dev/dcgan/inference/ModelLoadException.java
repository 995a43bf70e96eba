package dev.dcgan.inference;

import java.io.IOException;

/**
 * An exported generator could not be loaded: the folder is missing, is not a SavedModel, holds ops
 * outside the {@link OpAllowList} ({@link UnsafeModelException}), has no usable {@code
 * serving_default} signature, has signatures and metadata that disagree on whether it is
 * class-conditional, has a format version newer than this library, or TensorFlow failed to read it.
 * The message names the folder or file and says what was wrong.
 */
public class ModelLoadException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, naming the folder
   */
  public ModelLoadException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the folder
   * @param cause the underlying failure, typically a TensorFlow exception
   */
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
