package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdxFileTest {
  @TempDir Path dir;

  /**
   * The repository root: the first folder, walking up from the working directory, with data/mnist.
   */
  static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("data/mnist"))) {
        return p;
      }
    }
    throw new IllegalStateException("no data/mnist above " + Path.of("").toAbsolutePath());
  }

  static Path mnist(String name) {
    return repoRoot().resolve("data/mnist").resolve(name);
  }

  private static final int[] DIMS = {3, 2, 2};
  // Values above 127 check that bytes stay unsigned data, not sign-mangled.
  private static final byte[] DATA = {
    0, 1, 2, 127, (byte) 128, (byte) 200, (byte) 255, 7, 8, 9, 10, 11
  };

  @Test
  void rawRoundTrip() throws IOException {
    Path file = dir.resolve("raw.gz"); // a misleading name: detection is by content
    IdxFile.write(file, DIMS, DATA, false);
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(new byte[] {0, 0, 8, 3, 0, 0, 0, 3}, Arrays.copyOf(bytes, 8));
    assertEquals(4 + 4 * 3 + DATA.length, bytes.length);
    IdxFile idx = IdxFile.read(file);
    assertArrayEquals(DIMS, idx.dims());
    assertArrayEquals(DATA, idx.data());
  }

  @Test
  void gzipRoundTrip() throws IOException {
    Path file = dir.resolve("packed.idx");
    IdxFile.write(file, DIMS, DATA, true);
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(0x1f, bytes[0] & 0xFF);
    assertEquals(0x8b, bytes[1] & 0xFF);
    IdxFile idx = IdxFile.read(file);
    assertArrayEquals(DIMS, idx.dims());
    assertArrayEquals(DATA, idx.data());
  }

  @Test
  void writeReplacesAndLeavesNoTempFiles() throws IOException {
    Path file = dir.resolve("x-idx1-ubyte");
    IdxFile.write(file, new int[] {2}, new byte[] {1, 2}, false);
    IdxFile.write(file, new int[] {3}, new byte[] {4, 5, 6}, true);
    assertArrayEquals(new byte[] {4, 5, 6}, IdxFile.read(file).data());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void writeRejectsShapeThatDoesNotMatchData() {
    assertThrows(
        IllegalArgumentException.class,
        () -> IdxFile.write(dir.resolve("bad"), new int[] {2, 2}, new byte[3], false));
    assertThrows(
        IllegalArgumentException.class,
        () -> IdxFile.write(dir.resolve("bad"), new int[] {0}, new byte[0], false));
  }

  @Test
  void readsEmbeddedMnistTrainImages() throws IOException {
    long start = System.nanoTime();
    IdxFile idx = IdxFile.read(mnist("train-images-idx3-ubyte.gz"));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertArrayEquals(new int[] {60000, 28, 28}, idx.dims());
    assertEquals(60000 * 28 * 28, idx.data().length);
    System.out.println("train-images-idx3-ubyte.gz read in " + ms + " ms");
  }

  @Test
  void readsEmbeddedMnistTestLabels() throws IOException {
    IdxFile idx = IdxFile.read(mnist("t10k-labels-idx1-ubyte.gz"));
    assertArrayEquals(new int[] {10000}, idx.dims());
    for (byte b : idx.data()) {
      assertTrue((b & 0xFF) <= 9, "label " + (b & 0xFF));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "t10k-images-idx3-ubyte.gz, 0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte.gz, ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    "train-images-idx3-ubyte.gz, ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte.gz, 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
  })
  void embeddedFilesMatchPublishedSha256(String name, String sha256)
      throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in =
        new DigestInputStream(
            new GZIPInputStream(Files.newInputStream(mnist(name)), 1 << 16), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertEquals(sha256, HexFormat.of().formatHex(md.digest()));
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.gz");
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.read(file));
    assertMessage(e, file, "no such file");
  }

  @Test
  void emptyFile() throws IOException {
    assertRejected(new byte[0], "truncated header");
  }

  @Test
  void wrongMagic() throws IOException {
    assertRejected(new byte[] {1, 0, 8, 1, 0, 0, 0, 1, 5}, "not an IDX file");
  }

  @Test
  void wrongTypeCode() throws IOException {
    assertRejected(
        new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0}, "unsupported data type 0x0D (float)");
  }

  @Test
  void dimensionCountOutOfRange() throws IOException {
    assertRejected(new byte[] {0, 0, 8, 0}, "dimension count 0");
    assertRejected(new byte[] {0, 0, 8, 5}, "dimension count 5");
  }

  @Test
  void truncatedDimensions() throws IOException {
    assertRejected(new byte[] {0, 0, 8, 2, 0, 0, 0, 1, 0, 0}, "truncated header");
  }

  @Test
  void zeroDimension() throws IOException {
    assertRejected(new byte[] {0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 0}, "dimension 1 is 0");
  }

  @Test
  void truncatedPayload() throws IOException {
    assertRejected(
        new byte[] {0, 0, 8, 1, 0, 0, 0, 10, 1, 2, 3, 4},
        "truncated: header says 10 bytes of data, found 4");
  }

  @Test
  void trailingBytes() throws IOException {
    assertRejected(new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3}, "1 trailing byte");
  }

  @Test
  void truncatedGzip() throws IOException {
    byte[] gz = gzip(validFile(5000));
    assertRejected(Arrays.copyOf(gz, gz.length / 2), "truncated gzip stream");
    assertRejected(Arrays.copyOf(gz, 5), "truncated gzip stream"); // inside the gzip header
  }

  @Test
  void corruptGzip() throws IOException {
    byte[] gz = gzip(validFile(5000));
    gz[gz.length - 8] ^= 0x55; // the CRC-32 in the trailer
    assertRejected(gz, "corrupt gzip stream");
  }

  @Test
  void truncatedPayloadInsideValidGzip() throws IOException {
    byte[] raw = validFile(100);
    assertRejected(
        gzip(Arrays.copyOf(raw, raw.length - 1)),
        "truncated: header says 100 bytes of data, found 99");
  }

  /** A 1-d IDX file of n bytes that do not compress to nothing. */
  private static byte[] validFile(int n) {
    byte[] bytes = new byte[8 + n];
    bytes[2] = 8;
    bytes[3] = 1;
    bytes[4] = (byte) (n >>> 24);
    bytes[5] = (byte) (n >>> 16);
    bytes[6] = (byte) (n >>> 8);
    bytes[7] = (byte) n;
    for (int i = 0; i < n; i++) {
      bytes[8 + i] = (byte) (i * 31 + i / 7);
    }
    return bytes;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private void assertRejected(byte[] content, String expected) throws IOException {
    Path file = dir.resolve("bad-" + System.nanoTime());
    Files.write(file, content);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.read(file));
    assertMessage(e, file, expected);
  }

  private static void assertMessage(Exception e, Path file, String expected) {
    String message = e.getMessage();
    assertTrue(message.startsWith(file + ": "), message);
    assertTrue(message.contains(expected), message);
  }
}
