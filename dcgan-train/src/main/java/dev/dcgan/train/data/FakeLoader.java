package dev.dcgan.train.data;

import java.nio.file.Path;
import java.util.Random;

/**
 * Random images (like pytorch/examples' {@code fake}): no I/O at all, for smoke tests and
 * benchmarks.
 */
final class FakeLoader implements DatasetLoader {
  static final int DEFAULT_COUNT = 10_000;
  static final int FAKE_CLASSES = 10;

  @Override
  public Pending open(Path path, Split split, LoadOptions options) {
    int size = options.sizeOrDefault();
    int channels = options.channels() > 0 ? options.channels() : 3;
    int count = options.limit() > 0 ? options.limit() : DEFAULT_COUNT;
    return new Pending(
        "fake",
        count,
        size,
        size,
        channels,
        () -> {
          var pixels = new byte[count * size * size * channels];
          new Random(options.seed() + split.ordinal()).nextBytes(pixels);
          // Ten classes in turn, so that --conditional can be smoke-tested without data.
          var labels = new int[count];
          for (int i = 0; i < count; i++) labels[i] = i % FAKE_CLASSES;
          return new ImageDataset("fake", count, size, size, channels, pixels, labels);
        });
  }
}
