package dev.dcgan.train.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (the MNIST format, http://yann.lecun.com/exdb/mnist/) of unsigned bytes: {@code dims}
 * is the shape, outermost first, and {@code data} the values in row-major order (read them with
 * {@code b & 0xFF}).
 */
public record IdxFile(int[] dims, byte[] data) {
  private static final int UBYTE = 0x08;
  private static final int MAX_DIMS = 4;
  private static final int BUFFER = 1 << 16;

  public IdxFile {
    requireShape(dims, data);
  }

  /** Reads a raw or gzipped IDX file; gzip is recognised by its magic bytes, not by the name. */
  public static IdxFile read(Path path) throws IOException {
    return read(path, Integer.MAX_VALUE);
  }

  /**
   * Reads the first {@code items} entries along the first dimension (all if there are fewer). The
   * rest of the file is still read through, so its length and gzip checksum are checked.
   */
  public static IdxFile read(Path path, int items) throws IOException {
    return reading(
        path,
        in -> {
          int[] dims = readHeader(path, in);
          long expected = checkedSize(dims);
          long itemBytes = expected / dims[0];
          int kept = Math.min(dims[0], items);
          // readNBytes grows its buffer as data arrives, so a corrupt header claiming gigabytes
          // cannot make us allocate them up front.
          byte[] data = in.readNBytes((int) (kept * itemBytes));
          // Draining to the end also makes GZIPInputStream check the CRC and length trailer.
          long rest = in.transferTo(OutputStream.nullOutputStream());
          long found = data.length + rest;
          if (found < expected) {
            throw new IdxFormatException(
                path, "truncated: header says " + expected + " bytes of data, found " + found);
          }
          if (found > expected) {
            throw new IdxFormatException(
                path,
                (found - expected)
                    + " trailing byte(s) after the "
                    + expected
                    + " bytes of data the header describes");
          }
          dims[0] = kept;
          return new IdxFile(dims, data);
        });
  }

  /** The dimensions in the header, without reading the data: what {@link #read} would hold. */
  public static int[] readDims(Path path) throws IOException {
    return reading(path, in -> readHeader(path, in));
  }

  /** Reads the magic number and the dimensions; valid dimensions fit one Java array. */
  private static int[] readHeader(Path path, InputStream in) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw new IdxFormatException(path, "truncated header: " + magic.length + " of 4 magic bytes");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IdxFormatException(
          path,
          String.format(
              "not an IDX file: magic starts with %02x %02x, expected 00 00", magic[0], magic[1]));
    }
    int type = magic[2] & 0xFF;
    if (type != UBYTE) {
      throw new IdxFormatException(
          path,
          String.format(
              "unsupported data type 0x%02X (%s); only 0x08 (unsigned byte) is supported",
              type, typeName(type)));
    }
    int rank = magic[3] & 0xFF;
    if (rank < 1 || rank > MAX_DIMS) {
      throw new IdxFormatException(path, "dimension count " + rank + ", expected 1.." + MAX_DIMS);
    }
    byte[] header = in.readNBytes(4 * rank);
    if (header.length < 4 * rank) {
      throw new IdxFormatException(
          path, "truncated header: " + header.length + " of " + 4 * rank + " dimension bytes");
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] =
          ((header[4 * i] & 0xFF) << 24)
              | ((header[4 * i + 1] & 0xFF) << 16)
              | ((header[4 * i + 2] & 0xFF) << 8)
              | (header[4 * i + 3] & 0xFF);
    }
    if (checkedSize(dims) < 0) {
      throw new IdxFormatException(path, shapeProblem(dims, 0));
    }
    return dims;
  }

  /** What to do with an open IDX stream. */
  @FunctionalInterface
  private interface StreamReader<T> {
    T read(InputStream in) throws IOException;
  }

  /**
   * Opens the file for {@code body}, and turns every failure into an {@link IdxFormatException}.
   */
  private static <T> T reading(Path path, StreamReader<T> body) throws IOException {
    try (InputStream in = open(path)) {
      return body.read(in);
    } catch (IdxFormatException e) {
      throw e;
    } catch (NoSuchFileException e) {
      throw new IdxFormatException(path, "no such file", e);
    } catch (EOFException e) {
      // Only the gzip layer throws EOFException; raw reads just come up short.
      throw new IdxFormatException(path, "truncated gzip stream (" + e.getMessage() + ")", e);
    } catch (ZipException e) {
      throw new IdxFormatException(path, "corrupt gzip stream (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new IdxFormatException(path, "cannot read: " + e, e);
    }
  }

  /**
   * Writes an unsigned-byte IDX file, gzipped if asked. The file appears complete or not at all: it
   * is written to a temporary file in the same folder and then renamed over {@code path}.
   */
  public static void write(Path path, int[] dims, byte[] data, boolean gzip) throws IOException {
    requireShape(dims, data);
    Path dir = path.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, path.getFileName() + ".", ".tmp");
    try {
      try (OutputStream file = Files.newOutputStream(tmp);
          OutputStream body = gzip ? new GZIPOutputStream(file, BUFFER) : file;
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(body, BUFFER))) {
        out.write(new byte[] {0, 0, UBYTE, (byte) dims.length});
        for (int d : dims) {
          out.writeInt(d);
        }
        out.write(data);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static InputStream open(Path path) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER);
    try {
      in.mark(2);
      boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
      in.reset();
      return gzip ? new GZIPInputStream(in, BUFFER) : in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** dims' element count, or -1 if a dimension is below 1 or the total exceeds a Java array. */
  private static long checkedSize(int[] dims) {
    long n = 1;
    for (int d : dims) {
      if (d < 1) {
        return -1;
      }
      n *= d;
      if (n > Integer.MAX_VALUE - 8) {
        return -1;
      }
    }
    return n;
  }

  private static void requireShape(int[] dims, byte[] data) {
    String problem = shapeProblem(dims, data.length);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Why dims cannot describe {@code length} bytes, or null if they can. */
  private static String shapeProblem(int[] dims, int length) {
    if (dims.length < 1 || dims.length > MAX_DIMS) {
      return "dimension count " + dims.length + ", expected 1.." + MAX_DIMS;
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 1) {
        return "dimension "
            + i
            + " is "
            + Integer.toUnsignedString(dims[i])
            + ", expected >= 1 (dims "
            + Arrays.toString(dims)
            + ")";
      }
    }
    long n = checkedSize(dims);
    if (n < 0) {
      return "dims " + Arrays.toString(dims) + " describe more bytes than a Java array holds";
    }
    if (n != length) {
      return "dims " + Arrays.toString(dims) + " describe " + n + " bytes, data has " + length;
    }
    return null;
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "short";
      case 0x0C -> "int";
      case 0x0D -> "float";
      case 0x0E -> "double";
      default -> "unknown";
    };
  }
}
