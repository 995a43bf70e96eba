package dev.dcgan.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a data set from a path: a folder of MNIST-style IDX files, or one IDX image file. */
public final class DataSets {
  private DataSets() {}

  /** The embedded default, relative to the project root. */
  public static final Path DEFAULT = Path.of("data", "mnist");

  public static ImageDataset load(Path path, Split split) throws IOException {
    if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such file or folder");
    if (Files.isDirectory(path)) {
      var images = IdxFile.read(MnistFiles.images(path, split));
      IdxFile labels = null;
      try {
        labels = IdxFile.read(MnistFiles.labels(path, split));
      } catch (NoSuchFileException e) {
        // labels are optional for a GAN
      }
      return fromIdx(nameOf(path), images, labels);
    }
    return fromIdx(nameOf(path), IdxFile.read(path), null);
  }

  static ImageDataset fromIdx(String name, IdxFile images, IdxFile labels) throws IOException {
    int[] d = images.dims();
    if (d.length != 3 && d.length != 4) {
      throw new IOException(name + ": an image file has 3 or 4 dimensions (N, H, W[, C]), this one has " + d.length);
    }
    int channels = d.length == 4 ? d[3] : 1;
    int[] labelValues = null;
    if (labels != null) {
      if (labels.dims().length != 1 || labels.dims()[0] != d[0]) {
        throw new IOException(name + ": " + d[0] + " images but the label file holds " + java.util.Arrays.toString(labels.dims()));
      }
      labelValues = new int[d[0]];
      for (int i = 0; i < d[0]; i++) labelValues[i] = labels.data()[i] & 0xff;
    }
    return new ImageDataset(name, d[0], d[1], d[2], channels, images.data(), labelValues);
  }

  /** "data/mnist" -> "mnist"; "/usr/share/datasets/fashion-mnist" -> "fashion-mnist". */
  public static String nameOf(Path path) {
    var file = path.toAbsolutePath().normalize().getFileName();
    return file == null ? "data" : file.toString().replaceFirst("(-images)?(-idx[0-9]-ubyte)?(\\.gz)?$", "");
  }
}
