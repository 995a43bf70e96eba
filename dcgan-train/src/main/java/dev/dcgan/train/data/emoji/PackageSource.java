package dev.dcgan.train.data.emoji;

import java.io.IOException;
import java.nio.file.Path;

/** Where an npm package's tarball comes from: {@code npm pack} in use, a local file in tests. */
@FunctionalInterface
public interface PackageSource {
  /**
   * Puts the tarball of {@code name@version} into {@code folder}.
   *
   * @return the tarball's path
   * @throws IOException with one sentence saying what failed (no npm, no registry, ...)
   */
  Path fetch(String name, String version, Path folder) throws IOException;
}
