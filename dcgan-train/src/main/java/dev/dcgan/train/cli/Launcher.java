package dev.dcgan.train.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How this CLI was started, so that the commands it prints (the resume hint) work when pasted into
 * the same shell: the {@code dcgan} script exports the path it was invoked as, {@code ./dcgan} or
 * {@code /opt/dcgan/dcgan} as typed, in {@link #ENV}; started otherwise, the command is this JVM's
 * own {@code java -cp ...}.
 */
final class Launcher {
  /** Set by the {@code dcgan} script to its {@code $0}. */
  static final String ENV = "DCGAN_LAUNCHER";

  private Launcher() {}

  /** The shell command that runs this CLI with {@code args}, each word quoted as needed. */
  static String command(String... args) {
    return command(System.getenv(ENV), List.of(args));
  }

  /** As {@link #command(String...)}, given the launcher's path (null: not started by it). */
  static String command(String launcher, List<String> args) {
    var words = new ArrayList<String>();
    if (launcher != null && !launcher.isBlank()) {
      words.add(launcher);
    } else {
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      words.addAll(
          List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    }
    words.addAll(args);
    return words.stream().map(Launcher::quote).collect(Collectors.joining(" "));
  }

  /** Characters a POSIX shell takes literally in a word. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  /** A word as a POSIX shell reads it back: as is when plain, else in single quotes. */
  static String quote(String word) {
    if (PLAIN.matcher(word).matches()) return word;
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
