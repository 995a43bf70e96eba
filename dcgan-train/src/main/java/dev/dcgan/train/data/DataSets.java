package dev.dcgan.train.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a data set: the format from {@link DataFormat#detect} unless one is named. Every format is
 * measured first, and checked against the memory budget here, before anything is allocated.
 */
public final class DataSets {
  private DataSets() {}

  /**
   * @param format null to detect it from the path
   */
  public static ImageDataset load(Path path, DataFormat format, Split split, LoadOptions options)
      throws IOException {
    var f = format != null ? format : DataFormat.detect(path);
    var pending = f.loader().open(path, split, options);
    requireFits(pending, options.memory());
    return pending.read();
  }

  /** Detected format, default options. */
  public static ImageDataset load(Path path, Split split) throws IOException {
    return load(path, null, split, LoadOptions.DEFAULT);
  }

  /** "data/mnist" -> "mnist"; "/usr/share/datasets/fashion-mnist" -> "fashion-mnist". */
  public static String nameOf(Path path) {
    var file = path.toAbsolutePath().normalize().getFileName();
    return file == null
        ? "data"
        : file.toString().replaceFirst("(-images)?(-idx[0-9]-ubyte)?(\\.gz)?$", "");
  }

  /** Fails with the figures (count, size, GB needed, GB available) when the images will not fit. */
  static void requireFits(DatasetLoader.Pending data, MemoryBudget memory)
      throws MemoryLimitException {
    memory.require(
        String.format(
            Locale.ROOT,
            "%s: %d images of %dx%dx%d as uint8",
            data.source(),
            data.count(),
            data.height(),
            data.width(),
            data.channels()),
        data.count(),
        data.imageBytes(),
        data.imageBytes(),
        "use --limit, a smaller --image-size, or a larger heap (DCGAN_JAVA_OPTS=-Xmx16g)");
  }
}
