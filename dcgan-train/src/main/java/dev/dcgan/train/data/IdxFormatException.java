package dev.dcgan.train.data;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a readable IDX file; the message always starts with the file's path. */
public final class IdxFormatException extends IOException {
  public IdxFormatException(Path path, String detail) {
    super(path + ": " + detail);
  }

  public IdxFormatException(Path path, String detail, Throwable cause) {
    super(path + ": " + detail, cause);
  }
}
