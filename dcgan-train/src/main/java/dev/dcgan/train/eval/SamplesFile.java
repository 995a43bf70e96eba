package dev.dcgan.train.eval;

import dev.dcgan.train.data.MemoryBudget;
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
  /** Bytes read at a time: a multiple of 4, so no float is split between chunks. */
  private static final int CHUNK = 1 << 20;

  private SamplesFile() {}

  /**
   * How many images of {@code h x w x c} the file holds; a clear error unless its size is a whole
   * number of them.
   */
  public static long count(Path file, int h, int w, int c) throws IOException {
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
    return size / imageBytes;
  }

  /**
   * The first {@code n} images of the file (see {@link #count}), as NHWC floats, read a chunk at a
   * time into the one array they are returned in.
   */
  public static float[] read(Path file, int h, int w, int c, int n) throws IOException {
    long available = count(file, h, w, c);
    if (n > available)
      throw new IllegalArgumentException(file + " holds " + available + " images, not " + n);
    long values = (long) n * h * w * c;
    if (values > MemoryBudget.MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException(
          file + ": " + n + " images of " + h + "x" + w + "x" + c + " do not fit one array");
    }
    float[] pixels = new float[(int) values];
    // No larger than what is read: a small file costs no more than its size.
    var chunk =
        ByteBuffer.allocate((int) Math.min(CHUNK, 4 * values)).order(ByteOrder.LITTLE_ENDIAN);
    try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int done = 0; done < pixels.length; ) {
        chunk.clear().limit((int) Math.min(CHUNK, 4L * (pixels.length - done)));
        while (chunk.hasRemaining()) {
          if (channel.read(chunk) < 0)
            throw new IOException(file + ": ended early (is it being written?)");
        }
        chunk.flip();
        int floats = chunk.remaining() / 4;
        chunk.asFloatBuffer().get(pixels, done, floats);
        done += floats;
      }
    }
    return pixels;
  }
}
