package dev.dcgan.train.data;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one data-set format into memory. */
public interface DatasetLoader {
  ImageDataset load(Path path, Split split, LoadOptions options) throws IOException;
}
