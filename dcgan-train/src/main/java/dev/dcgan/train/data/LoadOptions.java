package dev.dcgan.train.data;

import dev.dcgan.train.ConfigurationException;

/**
 * How to read a data set.
 *
 * @param imageSize side of the square images to make (folder, fake); 0 = the loader's default
 * @param channels 1 (grayscale) or 3 (RGB); 0 = what the images are
 * @param limit keep only the first {@code limit} images (0: all)
 * @param seed for the fake data set
 * @param maxImagePixels a folder's image files whose header claims more pixels are skipped
 *     undecoded (decompression bombs, panoramas)
 * @param memory the heap the loaded images must fit in
 * @param background what transparent pixels of a folder's images are composited over
 */
public record LoadOptions(
    int imageSize,
    int channels,
    int limit,
    long seed,
    long maxImagePixels,
    MemoryBudget memory,
    Background background) {
  /** 64 megapixels: an 8000x8000 photo, 256 MB while decoded. */
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 64_000_000;

  public static final LoadOptions DEFAULT = new LoadOptions(0, 0, 0, 0);

  /** Folder images and fake images are 64x64 unless --image-size says otherwise. */
  public static final int DEFAULT_SIZE = 64;

  public LoadOptions {
    if (imageSize < 0)
      throw new IllegalArgumentException("image size must be >= 1, got " + imageSize);
    if (channels != 0 && channels != 1 && channels != 3)
      throw new ConfigurationException("channels must be 1 or 3, got " + channels);
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    if (maxImagePixels < 1)
      throw new IllegalArgumentException("max image pixels must be >= 1, got " + maxImagePixels);
    java.util.Objects.requireNonNull(memory, "memory");
    java.util.Objects.requireNonNull(background, "background");
  }

  /** The default pixel budget, this JVM's heap, and a white background. */
  public LoadOptions(int imageSize, int channels, int limit, long seed) {
    this(
        imageSize,
        channels,
        limit,
        seed,
        DEFAULT_MAX_IMAGE_PIXELS,
        MemoryBudget.ofThisJvm(),
        Background.WHITE);
  }

  public LoadOptions withMemory(MemoryBudget memory) {
    return new LoadOptions(imageSize, channels, limit, seed, maxImagePixels, memory, background);
  }

  public LoadOptions withMaxImagePixels(long maxImagePixels) {
    return new LoadOptions(imageSize, channels, limit, seed, maxImagePixels, memory, background);
  }

  /** These options with transparent pixels composited over {@code background}. */
  public LoadOptions withBackground(Background background) {
    return new LoadOptions(imageSize, channels, limit, seed, maxImagePixels, memory, background);
  }

  int sizeOrDefault() {
    return imageSize > 0 ? imageSize : DEFAULT_SIZE;
  }
}
