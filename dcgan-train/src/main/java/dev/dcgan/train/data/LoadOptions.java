package dev.dcgan.train.data;

import dev.dcgan.train.ConfigurationException;

/**
 * How to read a data set.
 *
 * @param imageSize side of the square images to make (folder, fake); 0 = the loader's default
 * @param channels 1 (grayscale) or 3 (RGB); 0 = what the images are
 * @param limit keep only the first {@code limit} images (0: all)
 * @param seed for the fake data set
 */
public record LoadOptions(int imageSize, int channels, int limit, long seed) {
  public static final LoadOptions DEFAULT = new LoadOptions(0, 0, 0, 0);

  /** Folder images and fake images are 64x64 unless --image-size says otherwise. */
  public static final int DEFAULT_SIZE = 64;

  public LoadOptions {
    if (imageSize < 0)
      throw new IllegalArgumentException("image size must be >= 1, got " + imageSize);
    if (channels != 0 && channels != 1 && channels != 3)
      throw new ConfigurationException("channels must be 1 or 3, got " + channels);
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
  }

  int sizeOrDefault() {
    return imageSize > 0 ? imageSize : DEFAULT_SIZE;
  }
}
