package dev.dcgan.train.data;

import dev.dcgan.train.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The data-set formats, and how a path tells which one it is. */
public enum DataFormat {
  /** uint8 IDX files: a folder laid out like MNIST, or one image file (gzipped or raw). */
  IDX(new IdxLoader()),
  /** PNG, JPEG, BMP and GIF files found recursively; class sub-folders become labels. */
  FOLDER(new FolderLoader()),
  /** CIFAR-10's binary batches: data_batch_*.bin (train), test_batch.bin (test). */
  CIFAR10(new Cifar10Loader()),
  /** Random images, for smoke tests and benchmarks (the path is ignored). */
  FAKE(new FakeLoader());

  private final DatasetLoader loader;

  DataFormat(DatasetLoader loader) {
    this.loader = loader;
  }

  public DatasetLoader loader() {
    return loader;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** "idx, folder, cifar10, fake": for help texts and error messages. */
  public static String ids() {
    return Arrays.stream(values()).map(DataFormat::id).collect(Collectors.joining(", "));
  }

  public static DataFormat parse(String s) {
    for (var f : values()) if (f.id().equals(s.toLowerCase(Locale.ROOT))) return f;
    throw new ConfigurationException("unknown format '" + s + "' (known: " + ids() + ")");
  }

  /**
   * Guesses the format: "fake"; a folder of CIFAR batches or of IDX files; an IDX or .bin file;
   * else a folder of images.
   */
  public static DataFormat detect(Path path) {
    if (path.toString().equals("fake")) return FAKE;
    if (Files.isDirectory(path)) {
      if (Files.exists(path.resolve("data_batch_1.bin"))
          || Files.exists(path.resolve("test_batch.bin"))) return CIFAR10;
      if (IdxLoader.looksLikeIdxFolder(path)) return IDX;
      return FOLDER;
    }
    return path.getFileName() != null && path.getFileName().toString().endsWith(".bin")
        ? CIFAR10
        : IDX;
  }
}
