package dev.dcgan.train.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory, from /proc (Linux): native TensorFlow memory included. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Current resident set size in bytes, or -1 where /proc is not there. */
  public static long residentBytes() {
    return field("VmRSS:");
  }

  /** Peak resident set size in bytes, or -1. */
  public static long peakResidentBytes() {
    return field("VmHWM:");
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }
}
