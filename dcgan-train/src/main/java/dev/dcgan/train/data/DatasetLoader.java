package dev.dcgan.train.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one data-set format into memory, in two steps: {@link #open} learns how many images of what
 * shape there are from headers, file sizes and options alone, then {@link Pending#read} allocates
 * and reads them. {@link DataSets#load} checks the memory budget between the two, once for every
 * format.
 */
public interface DatasetLoader {
  /** Finds the data set and measures it; nothing is decoded or allocated yet. */
  Pending open(Path path, Split split, LoadOptions options) throws IOException;

  /**
   * A data set measured but not read: {@code count} images of {@code height x width x channels}
   * bytes are what {@link #read} will hold in memory.
   *
   * @param source the file or folder, for messages
   */
  record Pending(String source, long count, int height, int width, int channels, Reader reader) {
    /** Bytes of one image as uint8. */
    public long imageBytes() {
      return (long) height * width * channels;
    }

    public ImageDataset read() throws IOException {
      return reader.read();
    }
  }

  /** The second step: allocates and reads. */
  @FunctionalInterface
  interface Reader {
    ImageDataset read() throws IOException;
  }
}
