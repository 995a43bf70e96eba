package dev.dcgan.train.training;

import dev.dcgan.train.data.DataFormat;
import dev.dcgan.train.data.LoadOptions;
import java.nio.file.Path;

/**
 * What a run trains on: the data group of the option table, typed. Frozen once the run starts.
 *
 * @param path a folder (IDX files, CIFAR-10 batches or images), one file, or "fake"
 * @param format null to tell from the path
 * @param imageSize side of the square images made from a folder or fake data; 0: the data's own
 *     size (folders and fake data: 64)
 * @param channels 1 or 3; 0: what the images are
 * @param limit use only the first {@code limit} training images; 0: all
 * @param maxImagePixels a folder's image files whose header claims more pixels are skipped; 0 (a
 *     config.json written before the setting): {@link LoadOptions#DEFAULT_MAX_IMAGE_PIXELS}
 */
public record DataConfig(
    String path, DataFormat format, int imageSize, int channels, int limit, long maxImagePixels) {
  /** The defaults of the option table. */
  public static final DataConfig DEFAULTS = TrainConfig.defaults().data();

  public DataConfig {
    if (path == null || path.isBlank())
      throw new IllegalArgumentException("the data path must not be empty");
    if (maxImagePixels == 0) maxImagePixels = LoadOptions.DEFAULT_MAX_IMAGE_PIXELS;
    loadOptions(imageSize, channels, limit, 0, maxImagePixels); // validates the numbers
  }

  /** How to load it; {@code seed} draws the fake data set. */
  public LoadOptions loadOptions(long seed) {
    return loadOptions(imageSize, channels, limit, seed, maxImagePixels);
  }

  private static LoadOptions loadOptions(
      int imageSize, int channels, int limit, long seed, long maxImagePixels) {
    return new LoadOptions(imageSize, channels, limit, seed).withMaxImagePixels(maxImagePixels);
  }

  public Path file() {
    return Path.of(path);
  }
}
