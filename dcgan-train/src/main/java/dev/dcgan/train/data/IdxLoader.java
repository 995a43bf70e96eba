package dev.dcgan.train.data;

import dev.dcgan.train.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MNIST-style IDX: a folder with the split's image (and optional label) file, or one image file.
 */
final class IdxLoader implements DatasetLoader {
  static boolean looksLikeIdxFolder(Path dir) {
    for (var split : Split.values()) {
      try {
        MnistFiles.images(dir, split);
        return true;
      } catch (NoSuchFileException e) {
        // try the other split
      }
    }
    return false;
  }

  @Override
  public ImageDataset load(Path path, Split split, LoadOptions options) throws IOException {
    if (!Files.exists(path))
      throw new NoSuchFileException(path.toString(), null, "no such file or folder");
    IdxFile images;
    IdxFile labels = null;
    if (Files.isDirectory(path)) {
      images = IdxFile.read(MnistFiles.images(path, split));
      try {
        labels = IdxFile.read(MnistFiles.labels(path, split));
      } catch (NoSuchFileException e) {
        // labels are optional for a GAN
      }
    } else {
      images = IdxFile.read(path);
    }
    var data = fromIdx(DataSets.nameOf(path), images, labels);
    if (options.imageSize() > 0
        && (options.imageSize() != data.height() || options.imageSize() != data.width())) {
      throw new ConfigurationException(
          path
              + ": IDX images are "
              + data.height()
              + "x"
              + data.width()
              + " and are not resized; drop --image-size "
              + options.imageSize());
    }
    if (options.channels() > 0 && options.channels() != data.channels()) {
      throw new ConfigurationException(
          path
              + ": IDX images have "
              + data.channels()
              + " channel(s); drop --channels "
              + options.channels());
    }
    return data;
  }

  static ImageDataset fromIdx(String name, IdxFile images, IdxFile labels) throws IOException {
    int[] d = images.dims();
    if (d.length != 3 && d.length != 4) {
      throw new IOException(
          name + ": an image file has 3 or 4 dimensions (N, H, W[, C]), this one has " + d.length);
    }
    int channels = d.length == 4 ? d[3] : 1;
    if (channels != 1 && channels != 3) {
      throw new IOException(
          name
              + ": images of "
              + channels
              + " channels (the last of dimensions "
              + Arrays.toString(d)
              + "); only 1 (grayscale) or 3 (RGB) can be trained on");
    }
    int[] labelValues = null;
    if (labels != null) {
      if (labels.dims().length != 1 || labels.dims()[0] != d[0]) {
        throw new IOException(
            name
                + ": "
                + d[0]
                + " images but the label file holds "
                + Arrays.toString(labels.dims()));
      }
      labelValues = new int[d[0]];
      for (int i = 0; i < d[0]; i++) labelValues[i] = labels.data()[i] & 0xff;
    }
    return new ImageDataset(name, d[0], d[1], d[2], channels, images.data(), labelValues);
  }
}
