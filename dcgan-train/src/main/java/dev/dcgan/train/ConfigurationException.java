package dev.dcgan.train;

/**
 * A setting that parses but cannot work: an architecture for images of another size, an unknown
 * format or architecture name, channels or an image size that the data cannot give, a classifier
 * for other images. It is the user's to fix, so the command line exits 2 (bad usage), not 1.
 *
 * <p>An {@link IllegalArgumentException}, so code that validates arguments keeps catching it.
 */
public class ConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message the problem, and what to set instead
   */
  public ConfigurationException(String message) {
    super(message);
  }
}
