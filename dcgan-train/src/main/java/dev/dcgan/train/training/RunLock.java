package dev.dcgan.train.training;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One trainer per run folder: {@code run.lock}, locked by the operating system for as long as its
 * owner trains, and holding the owner's PID, host and start time for the message the next trainer
 * gets.
 *
 * <p>The OS lock, not the file, decides: it goes away when its process dies, however it dies, so a
 * lock file left by a killed trainer is simply taken over. The file stays in the folder; only its
 * text changes hands.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE = "run.lock";

  /**
   * Folders locked by this JVM. Another trainer of the same JVM is refused from here, without
   * opening the file: on POSIX systems, closing any channel to a file drops every lock the process
   * holds on it.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path held;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path held, FileChannel channel, FileLock lock) {
    this.held = held;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code runDir} for this process, or fails naming the trainer that holds it. A trainer
   * that fails here has written nothing to the folder.
   */
  public static RunLock acquire(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    Path key = runDir.toRealPath();
    if (!HELD.add(key)) throw new IOException(inUse(runDir));
    FileChannel channel = null;
    try {
      channel = open(runDir);
      var lock = tryLock(channel, runDir);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(ownerText().getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
      return new RunLock(key, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) channel.close();
      HELD.remove(key);
      throw e;
    }
  }

  /** Fails as {@link #acquire} would if another trainer holds {@code runDir}; writes nothing. */
  public static void checkFree(Path runDir) throws IOException {
    if (!Files.isRegularFile(runDir.resolve(FILE))) return;
    if (HELD.contains(runDir.toRealPath())) throw new IOException(inUse(runDir));
    try (var channel = open(runDir)) {
      tryLock(channel, runDir).release();
    }
  }

  /** No TRUNCATE_EXISTING: the owner's text must survive a refused attempt. */
  private static FileChannel open(Path runDir) throws IOException {
    return FileChannel.open(
        runDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private static FileLock tryLock(FileChannel channel, Path runDir) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException thisProcess) {
      lock = null; // this JVM holds it under another name (a link)
    }
    if (lock == null) throw new IOException(inUse(runDir));
    return lock;
  }

  @Override
  public void close() throws IOException {
    try (channel) {
      lock.release();
    } finally {
      HELD.remove(held);
    }
  }

  private static String ownerText() {
    return "pid "
        + ProcessHandle.current().pid()
        + "\nhost "
        + hostName()
        + "\nsince "
        + Instant.now()
        + "\n";
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return System.getenv().getOrDefault("HOSTNAME", "unknown host");
    }
  }

  /** "runs/a is in use by another trainer (PID 4711 on host h, since 2026-11-27 03:41:07); ..." */
  private static String inUse(Path runDir) {
    String pid = "?", host = "?", since = "?";
    try {
      for (String line : Files.readAllLines(runDir.resolve(FILE))) {
        String[] kv = line.split(" ", 2);
        if (kv.length < 2) continue;
        switch (kv[0]) {
          case "pid" -> pid = kv[1];
          case "host" -> host = kv[1];
          case "since" -> since = localTime(kv[1]);
          default -> {}
        }
      }
    } catch (IOException unreadable) {
      // the owner's details are for the message only; the OS lock has already decided
    }
    return runDir
        + " is in use by another trainer (PID "
        + pid
        + " on "
        + host
        + ", since "
        + since
        + "); wait for it to finish or stop it, or choose another --run-dir";
  }

  private static String localTime(String instant) {
    try {
      return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
          .withZone(ZoneId.systemDefault())
          .format(Instant.parse(instant));
    } catch (RuntimeException e) {
      return instant;
    }
  }
}
