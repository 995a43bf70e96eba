package dev.dcgan.train.cli;

/** Bad flags or values: the command prints its usage and exits 2. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
