package dev.dcgan.train.data.emoji;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code npm pack name@version} run in a folder: npm downloads the package's tarball from the
 * registry it is configured for (its own default, a mirror, a proxy) and writes {@code
 * name-version.tgz}. Nothing here names a registry.
 */
public final class NpmPack implements PackageSource {
  /** How long one download may take before it counts as failed. */
  static final long TIMEOUT_MINUTES = 15;

  private final String npm;

  /** The {@code npm} on the PATH. */
  public NpmPack() {
    this("npm");
  }

  NpmPack(String npm) {
    this.npm = npm;
  }

  @Override
  public Path fetch(String name, String version, Path folder) throws IOException {
    String spec = name + "@" + version;
    Path log = folder.resolve("npm-pack-" + name + ".log");
    Process process;
    try {
      process =
          new ProcessBuilder(List.of(npm, "pack", spec))
              .directory(folder.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run '"
              + npm
              + "' (is Node.js's npm installed and on the PATH?): it downloads "
              + spec,
          e);
    }
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(
            "npm pack " + spec + " took more than " + TIMEOUT_MINUTES + " minutes; stopped it");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while npm downloaded " + spec, e);
    }
    if (process.exitValue() != 0)
      throw new IOException(
          "npm pack "
              + spec
              + " failed (exit "
              + process.exitValue()
              + "): "
              + npmError(log)
              + " (is the npm registry reachable?)");
    Path tarball = folder.resolve(name + "-" + version + ".tgz");
    if (!Files.isRegularFile(tarball))
      throw new IOException("npm pack " + spec + " wrote no " + tarball.getFileName());
    return tarball;
  }

  /** npm's first error line ("npm error code ENOTFOUND"), or its last line. */
  static String npmError(Path log) throws IOException {
    var lines =
        Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    if (lines.isEmpty()) return "no output";
    return lines.stream()
        .filter(s -> s.contains("ERR") || s.startsWith("npm error"))
        .findFirst()
        .orElse(lines.get(lines.size() - 1));
  }
}
