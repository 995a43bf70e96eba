package dev.dcgan.train.data;

import dev.dcgan.train.ConfigurationException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10's binary version: each record is 1 label byte then 3072 pixel bytes, the red plane, then
 * green, then blue, each 32x32 row by row. Converted to HWC, the layout the graph takes.
 */
final class Cifar10Loader implements DatasetLoader {
  static final int SIDE = 32;
  static final int PIXELS = SIDE * SIDE;
  static final int RECORD = 1 + 3 * PIXELS;

  @Override
  public Pending open(Path path, Split split, LoadOptions options) throws IOException {
    List<Path> files = files(path, split);
    long count = 0;
    for (Path f : files) {
      long size = Files.size(f);
      if (size == 0 || size % RECORD != 0) {
        throw new IOException(
            f
                + ": not CIFAR-10 binary data: "
                + size
                + " bytes is not a whole number of "
                + RECORD
                + "-byte records (truncated?)");
      }
      count += size / RECORD;
    }
    int channels = options.channels() > 0 ? options.channels() : 3;
    if (options.imageSize() > 0 && options.imageSize() != SIDE) {
      throw new ConfigurationException(
          path + ": CIFAR-10 images are 32x32 and are not resized; drop --image-size");
    }
    if (options.limit() > 0) count = Math.min(count, options.limit());
    long images = count;
    return new Pending(
        path.toString(), count, SIDE, SIDE, channels, () -> read(files, (int) images, channels));
  }

  /** The first {@code count} records of the files, one record at a time. */
  private static ImageDataset read(List<Path> files, int count, int channels) throws IOException {
    var pixels = new byte[count * PIXELS * channels];
    var labels = new int[count];
    var record = new byte[RECORD];
    int n = 0;
    for (Path f : files) {
      try (var in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
        for (int r = 0; n < count && in.readNBytes(record, 0, RECORD) == RECORD; r++, n++) {
          labels[n] = record[0] & 0xff;
          if (labels[n] > 9)
            throw new IOException(
                f + ": record " + r + " has label " + labels[n] + ", CIFAR-10 has 0..9");
          toHwc(record, channels, pixels, n * PIXELS * channels);
        }
      }
    }
    if (n < count)
      throw new IOException(files.get(0) + ": the files shrank while being read; read them again");
    return new ImageDataset("cifar10", count, SIDE, SIDE, channels, pixels, labels);
  }

  /** One record's red, green and blue planes as HWC RGB, or as luma. */
  private static void toHwc(byte[] record, int channels, byte[] pixels, int out) {
    for (int p = 0; p < PIXELS; p++) {
      int red = record[1 + p] & 0xff;
      int green = record[1 + PIXELS + p] & 0xff;
      int blue = record[1 + 2 * PIXELS + p] & 0xff;
      if (channels == 3) {
        pixels[out + 3 * p] = (byte) red;
        pixels[out + 3 * p + 1] = (byte) green;
        pixels[out + 3 * p + 2] = (byte) blue;
      } else {
        pixels[out + p] = (byte) Images.luma(red, green, blue);
      }
    }
  }

  private static List<Path> files(Path path, Split split) throws IOException {
    if (!Files.exists(path))
      throw new NoSuchFileException(path.toString(), null, "no such file or folder");
    if (Files.isRegularFile(path)) return List.of(path);
    var files = new ArrayList<Path>();
    if (split == Split.TEST) {
      files.add(path.resolve("test_batch.bin"));
    } else {
      for (int i = 1; i <= 5; i++) {
        Path f = path.resolve("data_batch_" + i + ".bin");
        if (Files.exists(f)) files.add(f);
      }
    }
    if (files.isEmpty() || !Files.exists(files.get(0))) {
      throw new NoSuchFileException(
          path.toString(),
          null,
          "no CIFAR-10 " + (split == Split.TEST ? "test_batch.bin" : "data_batch_*.bin") + " here");
    }
    return files;
  }
}
