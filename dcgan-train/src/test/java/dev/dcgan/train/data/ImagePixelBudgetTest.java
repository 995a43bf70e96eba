package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decompression bomb: a PNG of a few hundred bytes whose header claims 30000x30000 pixels (900
 * megapixels, 3.6 GB once decoded). It is refused from its header, before decoding.
 */
class ImagePixelBudgetTest {
  /** A valid PNG signature and IHDR (8-bit gray) claiming {@code width x height}, a tiny IDAT. */
  static byte[] forgedPng(int width, int height) throws IOException {
    var png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    var ihdr = new ByteArrayOutputStream();
    var header = new DataOutputStream(ihdr);
    header.writeInt(width);
    header.writeInt(height);
    header.write(new byte[] {8, 0, 0, 0, 0}); // bit depth, gray, deflate, filter 0, no interlace
    chunk(png, "IHDR", ihdr.toByteArray());
    var deflater = new Deflater();
    deflater.setInput(new byte[1000]); // the first rows' zero bytes; the rest is missing
    deflater.finish();
    var idat = new byte[100];
    int length = deflater.deflate(idat);
    chunk(png, "IDAT", java.util.Arrays.copyOf(idat, length));
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data)
      throws IOException {
    var out = new DataOutputStream(png);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(typeBytes);
    out.write(data);
    var crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }

  @Test
  void theForgedFileIsSmallAndItsHeaderValid(@TempDir Path tmp) throws IOException {
    Path bomb = tmp.resolve("bomb.png");
    Files.write(bomb, forgedPng(30000, 30000));
    assertTrue(Files.size(bomb) < 4096, "a few hundred bytes: " + Files.size(bomb));
    var e =
        assertThrows(
            Images.TooManyPixels.class,
            () -> Images.read(bomb, LoadOptions.DEFAULT_MAX_IMAGE_PIXELS));
    assertEquals(30000, e.width, "ImageIO read the claimed width from the IHDR");
    assertEquals(30000, e.height);
  }

  @Test
  void aFolderSkipsTheBombAndSaysWhy(@TempDir Path tmp) throws IOException {
    Files.write(tmp.resolve("bomb.png"), forgedPng(30000, 30000));
    FolderLoaderTest.write(
        tmp.resolve("ok.png"), 20, 20, BufferedImage.TYPE_INT_RGB, Color.RED, "png");
    var data = DataSets.load(tmp, DataFormat.FOLDER, Split.TRAIN, new LoadOptions(8, 0, 0, 0));
    assertEquals(1, data.count(), "only ok.png");
    assertEquals(1, data.notes().size(), data.notes().toString());
    String note = data.notes().get(0);
    assertTrue(note.contains("bomb.png (30000x30000)"), note);
    assertTrue(note.contains("--max-image-pixels"), note);
  }

  @Test
  void aFolderOfBombsIsAnErrorNamingThem(@TempDir Path tmp) throws IOException {
    Files.write(tmp.resolve("bomb.png"), forgedPng(30000, 30000));
    var e =
        assertThrows(
            IOException.class,
            () -> DataSets.load(tmp, DataFormat.FOLDER, Split.TRAIN, LoadOptions.DEFAULT));
    assertTrue(e.getMessage().contains("none of the 1 image files could be read"), e.getMessage());
    assertTrue(e.getMessage().contains("bomb.png (30000x30000)"), e.getMessage());
  }

  @Test
  void theBudgetIsTheFlags(@TempDir Path tmp) throws IOException {
    FolderLoaderTest.write(
        tmp.resolve("photo.png"), 300, 200, BufferedImage.TYPE_INT_RGB, Color.BLUE, "png");
    FolderLoaderTest.write(
        tmp.resolve("small.png"), 10, 10, BufferedImage.TYPE_INT_RGB, Color.BLUE, "png");
    var options = new LoadOptions(8, 0, 0, 0);
    var tight =
        DataSets.load(tmp, DataFormat.FOLDER, Split.TRAIN, options.withMaxImagePixels(59_999));
    assertEquals(1, tight.count());
    assertTrue(tight.notes().get(0).contains("photo.png (300x200)"), tight.notes().toString());
    var exact =
        DataSets.load(tmp, DataFormat.FOLDER, Split.TRAIN, options.withMaxImagePixels(60_000));
    assertEquals(2, exact.count(), "300x200 is within a budget of 60000");
    assertTrue(exact.notes().isEmpty(), exact.notes().toString());
  }
}
