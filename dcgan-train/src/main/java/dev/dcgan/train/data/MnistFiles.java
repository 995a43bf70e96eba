package dev.dcgan.train.data;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the IDX image and label files of a split in a folder laid out like MNIST. The names are
 * LeCun's, which Fashion-MNIST (including Debian's dataset-fashion-mnist package under
 * /usr/share/datasets/fashion-mnist/) keeps; each may be gzipped or not, and the dotted form
 * ({@code train-images.idx3-ubyte}) that some unpacked archives use is accepted too.
 */
public final class MnistFiles {
  private MnistFiles() {}

  public static Path images(Path dir, Split split) throws NoSuchFileException {
    return find(dir, split, "images", "idx3-ubyte");
  }

  public static Path labels(Path dir, Split split) throws NoSuchFileException {
    return find(dir, split, "labels", "idx1-ubyte");
  }

  private static Path find(Path dir, Split split, String kind, String suffix)
      throws NoSuchFileException {
    String prefix = (split == Split.TRAIN ? "train-" : "t10k-") + kind;
    // Uncompressed first: someone who unpacked the files presumably wants those read.
    List<String> names =
        List.of(
            prefix + "-" + suffix,
            prefix + "-" + suffix + ".gz",
            prefix + "." + suffix,
            prefix + "." + suffix + ".gz");
    for (String name : names) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new NoSuchFileException(
        dir.toString(),
        null,
        "no "
            + split.name().toLowerCase()
            + " "
            + kind
            + " file; tried "
            + String.join(", ", names));
  }
}
