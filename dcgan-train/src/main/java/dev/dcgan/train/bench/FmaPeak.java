package dev.dcgan.train.bench;

import dev.dcgan.train.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The machine's float32 peak measured directly, not through TensorFlow: {@code fma_peak.c} (a
 * resource beside this class: chains of vector FMAs, one thread per core) compiled with the C
 * compiler at run time into a temporary folder and run. TF's own MatMul reaches less than this, so
 * an efficiency against it overstates. Without a compiler the result says why and holds no figure.
 */
public final class FmaPeak {
  /** The source, a resource in this package. */
  static final String SOURCE = "fma_peak.c";

  /** The compiler of {@code $CC}, else {@code cc}. */
  public static String defaultCompiler() {
    String cc = System.getenv("CC");
    return cc == null || cc.isBlank() ? "cc" : cc.trim();
  }

  /**
   * @param gflops the best rate of the repeats; null when it could not be measured
   * @param note how it was measured, or why it was not
   */
  public record Result(Double gflops, String note) {
    public boolean measured() {
      return gflops != null;
    }
  }

  private static final Pattern GFLOPS = Pattern.compile("gflops=([0-9.]+)");

  private FmaPeak() {}

  /** With {@code threads} threads (one per core), 100M iterations each, best of 5. */
  public static Result measure(String compiler, int threads) {
    return measure(compiler, threads, 100_000_000L, 5);
  }

  /**
   * Compiles and runs the FMA loop with {@code compiler} (a command name or path), {@code
   * iterations} loop turns per thread, best of {@code repeats}. Never throws: a missing or failing
   * compiler, or a failing run, is a result without a figure whose note says what happened.
   */
  public static Result measure(String compiler, int threads, long iterations, int repeats) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("dcgan-fma-peak");
      Path source = dir.resolve(SOURCE);
      try (InputStream in = FmaPeak.class.getResourceAsStream(SOURCE)) {
        if (in == null) return new Result(null, "the resource " + SOURCE + " is missing");
        Files.copy(in, source);
      }
      Path binary = dir.resolve("fma_peak");
      var compile =
          List.of(
              compiler,
              "-O3",
              "-march=native",
              "-pthread",
              "-o",
              binary.toString(),
              source.toString());
      Outcome built;
      try {
        built = run(compile, 120);
      } catch (IOException notFound) {
        return new Result(
            null,
            "no C compiler: '"
                + compiler
                + "' could not be run ("
                + notFound.getMessage()
                + "); install one (apt-get install gcc) or set CC; efficiency is against TF's"
                + " MatMul instead");
      }
      if (built.exitCode() != 0)
        return new Result(
            null,
            "'"
                + String.join(" ", compile)
                + "' failed (exit "
                + built.exitCode()
                + "): "
                + firstLine(built.output())
                + "; efficiency is against TF's MatMul instead");
      var ran =
          run(
              List.of(
                  binary.toString(),
                  Integer.toString(threads),
                  Long.toString(iterations),
                  Integer.toString(repeats)),
              600);
      var m = GFLOPS.matcher(ran.output());
      if (ran.exitCode() != 0 || !m.find())
        return new Result(
            null,
            "the FMA loop failed (exit "
                + ran.exitCode()
                + "): "
                + firstLine(ran.output())
                + "; efficiency is against TF's MatMul instead");
      return new Result(
          Double.parseDouble(m.group(1)),
          compiler + " -O3 -march=native, " + threads + " thread(s): " + ran.output().strip());
    } catch (IOException e) {
      return new Result(null, "the FMA loop could not be run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted");
    } finally {
      if (dir != null) {
        try {
          AtomicFiles.deleteTree(dir);
        } catch (IOException ignored) {
          // a temporary folder left behind is harmless
        }
      }
    }
  }

  private record Outcome(int exitCode, String output) {}

  /** Runs a command to its end (stdout and stderr together); IOException if it cannot start. */
  private static Outcome run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Outcome(-1, "timed out after " + timeoutSeconds + " s");
    }
    return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return t.isEmpty() ? "(no output)" : nl < 0 ? t : t.substring(0, nl);
  }
}
