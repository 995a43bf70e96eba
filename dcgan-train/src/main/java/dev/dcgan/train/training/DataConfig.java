package dev.dcgan.train.training;

import dev.dcgan.train.data.DataFormat;
import dev.dcgan.train.data.LoadOptions;
import java.nio.file.Path;

/**
 * What a run trains on. Frozen once the run starts.
 *
 * @param path a folder (IDX files, CIFAR-10 batches or images), one file, or "fake"
 * @param format null to tell from the path
 * @param imageSize side of the square images made from a folder or fake data; 0: the data's own
 *     size (folders and fake data: 64)
 * @param channels 1 or 3; 0: what the images are
 * @param limit use only the first {@code limit} training images; 0: all
 */
public record DataConfig(String path, DataFormat format, int imageSize, int channels, int limit) {
  public static final DataConfig DEFAULTS = new DataConfig("data/mnist", null, 0, 0, 0);

  public DataConfig {
    if (path == null || path.isBlank())
      throw new IllegalArgumentException("the data path must not be empty");
    new LoadOptions(imageSize, channels, limit, 0); // validates the numbers
  }

  /** How to load it; {@code seed} draws the fake data set. */
  public LoadOptions loadOptions(long seed) {
    return new LoadOptions(imageSize, channels, limit, seed);
  }

  public Path file() {
    return Path.of(path);
  }
}
