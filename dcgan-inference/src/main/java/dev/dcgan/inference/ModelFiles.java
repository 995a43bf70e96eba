package dev.dcgan.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files of a model folder as untrusted input: only regular files, never through a
 * symbolic link, never more bytes than a stated bound. A pipe or a device would block or never end;
 * a link would read whatever file it names.
 */
final class ModelFiles {
  private ModelFiles() {}

  /** The most a metadata file ({@code assets.extra/*.json}) may hold. */
  static final long MAX_METADATA_BYTES = 1 << 20;

  /**
   * The file's attributes, refusing anything but a regular file.
   *
   * @throws IOException naming the file and what it is instead
   */
  static BasicFileAttributes requireRegular(Path file) throws IOException {
    var a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (a.isSymbolicLink()) {
      throw new IOException(file + " is a symbolic link; a model's files are read only in place");
    }
    if (!a.isRegularFile()) {
      throw new IOException(
          file + " is not a regular file (a pipe, a device or a folder); it is not read");
    }
    return a;
  }

  /**
   * All bytes of a regular file of at most {@code maxBytes}.
   *
   * @throws IOException if it is no regular file, is a link, or holds more than {@code maxBytes}
   */
  static byte[] readRegular(Path file, long maxBytes) throws IOException {
    long size = requireRegular(file).size();
    if (size > maxBytes) throw tooLarge(file, maxBytes);
    try (InputStream in = open(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) throw tooLarge(file, maxBytes); // it grew after the check
      return bytes;
    }
  }

  /**
   * Copies a regular file of at most {@code maxBytes} to a new file {@code to}.
   *
   * @return the bytes copied
   */
  static long copyRegular(Path from, Path to, long maxBytes) throws IOException {
    long size = requireRegular(from).size();
    if (size > maxBytes) throw tooLarge(from, maxBytes);
    try (InputStream in = open(from);
        OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
      long copied = in.transferTo(new BoundedOutput(out, maxBytes, from));
      return copied;
    }
  }

  /** No link followed, even one put in place after {@link #requireRegular}'s check. */
  private static InputStream open(Path file) throws IOException {
    return Channels.newInputStream(
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
  }

  static IOException tooLarge(Path file, long maxBytes) {
    return new IOException(
        file + " holds more than " + maxBytes + " bytes, more than a DCGAN model's file can");
  }

  /** Fails once more than its bound has been written: a file that grows while it is copied. */
  private static final class BoundedOutput extends OutputStream {
    private final OutputStream out;
    private final long max;
    private final Path from;
    private long written;

    BoundedOutput(OutputStream out, long max, Path from) {
      this.out = out;
      this.max = max;
      this.from = from;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      written += len;
      if (written > max) throw tooLarge(from, max);
      out.write(b, off, len);
    }
  }
}
