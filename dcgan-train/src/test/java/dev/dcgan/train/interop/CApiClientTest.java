package dev.dcgan.train.interop;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.inference.PngImages;
import dev.dcgan.train.TestData;
import dev.dcgan.train.TestModels;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * interop/c/dcgan_client.c, compiled here with the system C compiler against the TensorFlow C API
 * libraries of TF Java's native jar, must give what the Java library gives for the same model.
 */
class CApiClientTest {
  /** Where TF Java's native jar keeps its libraries (the classifier this test can link against). */
  static final String NATIVES = "org/tensorflow/internal/c_api/linux-x86_64/";

  @TempDir static Path tmp;
  static Path client;
  static Path model;
  static DcganModel java;

  /** Why this machine cannot run the test, or null. */
  static String skipReason;

  @BeforeAll
  static void compileAndExport() throws Exception {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    Optional<Path> cc = compiler();
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      skipReason = "it links against TF Java's linux-x86_64 natives, and this is " + os + "/" + arch;
    } else if (cc.isEmpty()) {
      skipReason = "no C compiler (cc or gcc) is on PATH";
    }
    if (skipReason != null) {
      // Said on stderr too, so a build log shows it without opening the reports.
      System.err.println("CApiClientTest SKIPPED: " + skipReason);
      return;
    }
    Path libs = nativeLibraries();
    client = tmp.resolve("dcgan_client");
    Path source = TestData.root().resolve("interop").resolve("c").resolve("dcgan_client.c");
    var compile = run(List.of(cc.get().toString(), "-std=c11", "-O2", "-Wall", "-o", client.toString(),
        source.toString(), "-L" + libs, "-l:libtensorflow_cc.so.2", "-l:libtensorflow_framework.so.2",
        "-Wl,-rpath," + libs), 300);
    assertEquals(0, compile.exitCode(), "compiling " + source + " failed:\n" + compile.stderr());

    model = TestModels.trainAndExport(tmp);
    java = DcganModel.load(model);
  }

  /** Each test is reported as skipped, with the reason, where the client cannot be built. */
  @BeforeEach
  void requireCompiler() {
    assumeTrue(skipReason == null, () -> "C API client test skipped: " + skipReason);
  }

  @AfterAll
  static void close() {
    if (java != null) java.close();
  }

  /** The first of cc, gcc that PATH holds, as an executable file. */
  static Optional<Path> compiler() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of("cc", "gcc")
        .flatMap(name -> Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
            .map(d -> Path.of(d).resolve(name)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * The folder holding libtensorflow_cc.so.2 and libtensorflow_framework.so.2: JavaCPP's cache,
   * where TF Java extracts its native jar (this call extracts them if it has not yet).
   */
  static Path nativeLibraries() throws IOException {
    Path dir = null;
    for (String lib : List.of("libtensorflow_framework.so.2", "libtensorflow_cc.so.2")) {
      URL url = CApiClientTest.class.getClassLoader().getResource(NATIVES + lib);
      assertNotNull(url, NATIVES + lib + " is not on the test classpath (tensorflow-core-native linux-x86_64)");
      Path cached = Loader.cacheResource(url).toPath();
      if (dir != null) assertEquals(dir, cached.getParent(), "the two libraries were cached apart");
      dir = cached.getParent();
    }
    return dir;
  }

  record Outcome(int exitCode, String stdout, String stderr) {}

  /** Runs a command with the test's environment, outputs to files, within {@code seconds}. */
  static Outcome run(List<String> command, long seconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(command.get(0) + " ran past " + seconds + " s");
    }
    return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  static Outcome client(String... args) throws IOException, InterruptedException {
    var command = new ArrayList<String>();
    command.add(client.toString());
    command.addAll(List.of(args));
    return run(command, 120);
  }

  @Test
  void servingDefaultMatchesTheJavaLibrary() throws Exception {
    int n = 5;
    float[][] z = LatentNoise.gaussian(n, java.latentSize(), 21);
    var zBytes = ByteBuffer.allocate(n * java.latentSize() * 4).order(ByteOrder.nativeOrder());
    for (float[] row : z) for (float v : row) zBytes.putFloat(v);
    Path zFile = Files.write(tmp.resolve("z.f32"), zBytes.array());
    Path imagesFile = tmp.resolve("images.f32");

    var outcome = client(model.toString(), "serving_default", zFile.toString(), Integer.toString(n),
        imagesFile.toString());
    assertEquals(0, outcome.exitCode(), outcome.stderr());
    assertEquals("images 5 28 28 1", outcome.stdout().strip());

    float[] expected = java.generate(z).pixels();
    var actual = ByteBuffer.wrap(Files.readAllBytes(imagesFile)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    assertEquals(expected.length, actual.remaining());
    float max = 0;
    for (int i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(expected[i] - actual.get(i)));
    assertTrue(max <= 1e-5, "max difference between C and Java " + max);
  }

  @Test
  void generateMatchesTheJavaLibraryByteForByte() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("generated"));
    var outcome = client(model.toString(), "generate", "7", "4", dir.toString());
    assertEquals(0, outcome.exitCode(), outcome.stderr());
    assertEquals(List.of("images_uint8 4 28 28 1", "png_bytes 4"), outcome.stdout().strip().lines().toList());

    PngImages expected = java.generatePng(7, 4);
    assertArrayEquals(expected.uint8(), Files.readAllBytes(dir.resolve("images_uint8.raw")));
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(expected.png(i), Files.readAllBytes(dir.resolve(String.format("image%04d.png", i))),
          "png " + i);
    }
  }

  @Test
  void failuresExitNonZeroWithAMessage() throws Exception {
    var missing = client(tmp.resolve("no-such-model").toString(), "generate", "1", "1", tmp.toString());
    assertEquals(1, missing.exitCode());
    assertTrue(missing.stderr().contains("loading the SavedModel"), missing.stderr());

    var usage = client(model.toString(), "generate", "1", "zero", tmp.toString());
    assertEquals(2, usage.exitCode());
    assertTrue(usage.stderr().contains("COUNT must be an integer"), usage.stderr());
  }
}
