package dev.dcgan.train.training;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
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
   * Who locks a folder: its lock file, the name of its owner in messages and the flag that chooses
   * another folder.
   */
  public record Kind(String file, String owner, String flag) {
    /** A trainer's run folder: {@code run.lock}. */
    public static final Kind TRAINER = new Kind(FILE, "trainer", "--run-dir");

    /** A sweep's folder: {@code sweep.lock}; the sweep's trials lock their own run folders. */
    public static final Kind SWEEP = new Kind("sweep.lock", "sweep", "--out");
  }

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
    return acquire(runDir, Kind.TRAINER);
  }

  /** Locks {@code dir} for one owner of {@code kind}, as {@link #acquire(Path)} does. */
  public static RunLock acquire(Path dir, Kind kind) throws IOException {
    Files.createDirectories(dir);
    Path key = dir.toRealPath().resolve(kind.file());
    if (!HELD.add(key)) throw new IOException(inUse(dir, kind));
    FileChannel channel = null;
    try {
      channel = open(dir, kind);
      var lock = tryLock(channel, dir, kind);
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
    var kind = Kind.TRAINER;
    Path file = runDir.resolve(kind.file());
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return;
    if (HELD.contains(runDir.toRealPath().resolve(kind.file())))
      throw new IOException(inUse(runDir, kind));
    try (var channel = open(runDir, kind)) {
      tryLock(channel, runDir, kind).release();
    }
  }

  /**
   * No TRUNCATE_EXISTING: the owner's text must survive a refused attempt. No link followed: a
   * {@code run.lock} that is a symbolic link would have the owner's text written over whatever file
   * it names. The check gives the message; NOFOLLOW_LINKS closes the gap after it.
   */
  private static FileChannel open(Path dir, Kind kind) throws IOException {
    Path file = dir.resolve(kind.file());
    requireRegularOrAbsent(file, kind);
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }

  /** A link or a pipe is refused before it is opened: writing to a pipe would block. */
  private static void requireRegularOrAbsent(Path file, Kind kind) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      return;
    }
    if (!attributes.isRegularFile()) {
      throw new IOException(
          file
              + " is "
              + (attributes.isSymbolicLink() ? "a symbolic link" : "not a regular file")
              + "; a "
              + kind.owner()
              + " writes its lock there and follows no link: remove it, or choose another "
              + kind.flag());
    }
  }

  private static FileLock tryLock(FileChannel channel, Path dir, Kind kind) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException thisProcess) {
      lock = null; // this JVM holds it under another name (a link)
    }
    if (lock == null) throw new IOException(inUse(dir, kind));
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
  private static String inUse(Path dir, Kind kind) {
    String pid = "?", host = "?", since = "?";
    List<String> lines = ownerLines(dir.resolve(kind.file()));
    String advice = "; wait for it to finish or stop it, or choose another " + kind.flag();
    if (lines.isEmpty()) {
      return dir
          + " is in use by a "
          + kind.owner()
          + " that is starting there (it has not written its PID yet)"
          + advice;
    }
    for (String line : lines) {
      String[] kv = line.split(" ", 2);
      if (kv.length < 2) continue;
      switch (kv[0]) {
        case "pid" -> pid = kv[1];
        case "host" -> host = kv[1];
        case "since" -> since = localTime(kv[1]);
        default -> {}
      }
    }
    return dir
        + " is in use by another "
        + kind.owner()
        + " (PID "
        + pid
        + " on "
        + host
        + ", since "
        + since
        + ")"
        + advice;
  }

  /** How long the next trainer waits for an owner that has locked the file to write its text. */
  private static final Duration OWNER_TEXT_WAIT = Duration.ofSeconds(2);

  /**
   * The owner's lines, once it has written them: it takes the OS lock first and writes right after,
   * so a refused trainer can read the file in between. The file is polled for a short, bounded
   * time; an empty list means the owner has not written yet (or the file cannot be read: the
   * details are for the message only, the OS lock has already decided).
   */
  private static List<String> ownerLines(Path file) {
    long deadline = System.nanoTime() + OWNER_TEXT_WAIT.toNanos();
    while (true) {
      try {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return List.of();
        List<String> lines = Files.readAllLines(file);
        if (lines.stream().anyMatch(l -> l.startsWith("since "))) return lines; // written last
        if (System.nanoTime() > deadline) return List.of();
        Thread.sleep(POLL.toMillis());
      } catch (IOException unreadable) {
        return List.of();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  private static final Duration POLL = Duration.ofMillis(20);

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
