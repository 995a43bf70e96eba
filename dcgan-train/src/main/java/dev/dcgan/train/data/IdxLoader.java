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
  public Pending open(Path path, Split split, LoadOptions options) throws IOException {
    if (!Files.exists(path))
      throw new NoSuchFileException(path.toString(), null, "no such file or folder");
    Path imageFile = path;
    Path labelFile = null;
    if (Files.isDirectory(path)) {
      imageFile = MnistFiles.images(path, split);
      try {
        labelFile = MnistFiles.labels(path, split);
      } catch (NoSuchFileException e) {
        // labels are optional for a GAN
      }
    }
    String name = DataSets.nameOf(path);
    int[] d = IdxFile.readDims(imageFile);
    if (d.length != 3 && d.length != 4) {
      throw new IOException(
          name + ": an image file has 3 or 4 dimensions (N, H, W[, C]), this one has " + d.length);
    }
    if (labelFile != null) {
      int[] labelDims = IdxFile.readDims(labelFile);
      if (labelDims.length != 1 || labelDims[0] != d[0]) {
        throw new IOException(
            name + ": " + d[0] + " images but the label file holds " + Arrays.toString(labelDims));
      }
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
    if (options.imageSize() > 0 && (options.imageSize() != d[1] || options.imageSize() != d[2])) {
      throw new ConfigurationException(
          path
              + ": IDX images are "
              + d[1]
              + "x"
              + d[2]
              + " and are not resized; drop --image-size "
              + options.imageSize());
    }
    if (options.channels() > 0 && options.channels() != channels) {
      throw new ConfigurationException(
          path
              + ": IDX images have "
              + channels
              + " channel(s); drop --channels "
              + options.channels());
    }
    int count = options.limit() > 0 ? Math.min(d[0], options.limit()) : d[0];
    Path images = imageFile;
    Path labels = labelFile;
    return new Pending(
        path.toString(),
        count,
        d[1],
        d[2],
        channels,
        () ->
            fromIdx(
                name,
                IdxFile.read(images, count),
                labels == null ? null : IdxFile.read(labels, count)));
  }

  /** The images and labels of files whose shapes {@link #open} has checked. */
  private static ImageDataset fromIdx(String name, IdxFile images, IdxFile labels) {
    int[] d = images.dims();
    int[] labelValues = null;
    if (labels != null) {
      labelValues = new int[d[0]];
      for (int i = 0; i < d[0]; i++) labelValues[i] = labels.data()[i] & 0xff;
    }
    return new ImageDataset(
        name, d[0], d[1], d[2], d.length == 4 ? d[3] : 1, images.data(), labelValues);
  }
}
