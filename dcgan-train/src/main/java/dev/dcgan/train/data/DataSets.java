package dev.dcgan.train.data;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a data set: the format from {@link DataFormat#detect} unless one is named. */
public final class DataSets {
  private DataSets() {}

  /**
   * @param format null to detect it from the path
   */
  public static ImageDataset load(Path path, DataFormat format, Split split, LoadOptions options)
      throws IOException {
    var f = format != null ? format : DataFormat.detect(path);
    var data = f.loader().load(path, split, options);
    return options.limit() > 0 ? data.first(options.limit()) : data;
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

  /** Fails with the figures when {@code bytes} of images will not fit in this JVM's heap. */
  static void checkFits(String name, long count, int h, int w, int c) throws IOException {
    long bytes = count * h * w * c;
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes > Integer.MAX_VALUE - 16 || bytes > heap * 6 / 10) {
      throw new IOException(
          String.format(
              java.util.Locale.ROOT,
              "%s: %d images of %dx%dx%d need %.1f GB in memory as uint8, more than this JVM can hold (max heap %.1f GB, "
                  + "and one array holds at most 2 GB); use --limit, a smaller --image-size, or a larger heap "
                  + "(DCGAN_JAVA_OPTS=-Xmx16g)",
              name,
              count,
              h,
              w,
              c,
              bytes / 1e9,
              heap / 1e9));
    }
  }
}
