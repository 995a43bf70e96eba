package dev.dcgan.train;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the embedded data from wherever the tests run. */
public final class TestData {
  private TestData() {}

  public static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("data").resolve("mnist"))) p = p.getParent();
    if (p == null)
      throw new IllegalStateException("no data/mnist above " + Path.of("").toAbsolutePath());
    return p;
  }

  public static Path mnist() {
    return root().resolve("data").resolve("mnist");
  }
}
