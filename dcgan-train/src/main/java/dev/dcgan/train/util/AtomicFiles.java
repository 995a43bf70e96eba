package dev.dcgan.train.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * Writes that either happen whole or not at all: write beside the target under a temporary name,
 * then rename. A crash or a full disk leaves the old file (or nothing), never half a file.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void writeString(Path file, String text) throws IOException {
    writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void writeBytes(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.write(tmp, bytes);
      CrashPoint.ATOMIC_FILE.visit();
      move(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes the temporary files that {@link #writeBytes} leaves in {@code dir} when its process is
   * killed half way; only for a folder no other process is writing to.
   */
  public static void removeTemporaries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (var files = Files.list(dir)) {
      for (Path f :
          files.filter(f -> TEMPORARY.matcher(f.getFileName().toString()).matches()).toList())
        Files.deleteIfExists(f);
    }
  }

  /** The names {@code Files.createTempFile(dir, "." + name, ".tmp")} gives. */
  private static final Pattern TEMPORARY = Pattern.compile("\\..+\\d+\\.tmp");

  /** Renames {@code from} to {@code to} atomically (same file system), replacing a file. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename " + from + " to " + to + " atomically: " + e.getMessage(), e);
    }
  }

  /** Deletes a folder and everything in it; quietly does nothing if it is gone. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.delete(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
