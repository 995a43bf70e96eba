package dev.dcgan.train.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Images made elsewhere (the PyTorch peer, say), as one raw file: little-endian float32, NHWC,
 * values in [0, 1], image after image, no header.
 */
public final class SamplesFile {
  private SamplesFile() {}

  /**
   * How many images of {@code h x w x c} the file holds; a clear error unless its size is a whole
   * number of them.
   */
  public static int count(Path file, int h, int w, int c) throws IOException {
    if (!Files.isRegularFile(file))
      throw new NoSuchFileException(file.toString(), null, "no such samples file");
    long imageBytes = 4L * h * w * c;
    long size = Files.size(file);
    if (size == 0 || size % imageBytes != 0) {
      throw new IOException(
          String.format(
              java.util.Locale.ROOT,
              "%s: %d bytes is not a whole number of %dx%dx%d float32 images (%d bytes each); expected raw little-endian "
                  + "float32 NHWC with no header",
              file,
              size,
              h,
              w,
              c,
              imageBytes));
    }
    long n = size / imageBytes;
    if (n > Integer.MAX_VALUE / (h * w * c))
      throw new IOException(file + ": " + n + " images are too many to read at once");
    return (int) n;
  }

  /** The first {@code n} images of the file (see {@link #count}), as NHWC floats. */
  public static float[] read(Path file, int h, int w, int c, int n) throws IOException {
    int available = count(file, h, w, c);
    if (n > available)
      throw new IllegalArgumentException(file + " holds " + available + " images, not " + n);
    float[] pixels = new float[n * h * w * c];
    var bytes = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (bytes.hasRemaining()) {
        if (channel.read(bytes) < 0)
          throw new IOException(file + ": ended early (is it being written?)");
      }
    }
    bytes.flip();
    bytes.asFloatBuffer().get(pixels);
    return pixels;
  }
}
