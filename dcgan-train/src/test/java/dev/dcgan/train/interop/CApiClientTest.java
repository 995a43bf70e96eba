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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  static Path conditionalModel;

  /** Why this machine cannot run the test, or null. */
  static String skipReason;

  @BeforeAll
  static void compileAndExport() throws Exception {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    Optional<Path> cc = compiler();
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      skipReason =
          "it links against TF Java's linux-x86_64 natives, and this is " + os + "/" + arch;
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
    var compile =
        run(
            List.of(
                cc.get().toString(),
                "-std=c11",
                "-O2",
                "-Wall",
                "-o",
                client.toString(),
                source.toString(),
                "-L" + libs,
                "-l:libtensorflow_cc.so.2",
                "-l:libtensorflow_framework.so.2",
                "-Wl,-rpath," + libs),
            300);
    assertEquals(0, compile.exitCode(), "compiling " + source + " failed:\n" + compile.stderr());

    model = TestModels.trainAndExport(tmp);
    conditionalModel = TestModels.trainAndExportConditional(tmp.resolve("conditional"));
  }

  /** Each test is reported as skipped, with the reason, where the client cannot be built. */
  @BeforeEach
  void requireCompiler() {
    assumeTrue(skipReason == null, () -> "C API client test skipped: " + skipReason);
  }

  /** The first of cc, gcc that PATH holds, as an executable file. */
  static Optional<Path> compiler() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of("cc", "gcc")
        .flatMap(
            name ->
                Stream.of(path.split(File.pathSeparator))
                    .filter(d -> !d.isEmpty())
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
      assertNotNull(
          url,
          NATIVES + lib + " is not on the test classpath (tensorflow-core-native linux-x86_64)");
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
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
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

  static final String FRESH = "a fresh export";
  static final String SHIPPED = "models/dcgan-mnist/3";

  /** The fresh export, or the shipped model where the repository has one. */
  static Path modelFor(String which) {
    if (which.equals(FRESH)) return model;
    Path shipped = TestData.root().resolve(which);
    assumeTrue(
        Files.isDirectory(shipped),
        which + " is not in the repository (yet): only the fresh export is checked");
    return shipped;
  }

  @ParameterizedTest
  @ValueSource(strings = {FRESH, SHIPPED})
  void servingDefaultMatchesTheJavaLibrary(String which) throws Exception {
    Path dir = modelFor(which);
    try (var javaModel = DcganModel.load(dir)) {
      int n = 5;
      float[][] z = LatentNoise.gaussian(n, javaModel.latentSize(), 21);
      var zBytes =
          ByteBuffer.allocate(n * javaModel.latentSize() * 4).order(ByteOrder.nativeOrder());
      for (float[] row : z) for (float v : row) zBytes.putFloat(v);
      Path work = Files.createTempDirectory(tmp, "serving-default");
      Path zFile = Files.write(work.resolve("z.f32"), zBytes.array());
      Path imagesFile = work.resolve("images.f32");

      var outcome =
          client(
              dir.toString(),
              "serving_default",
              zFile.toString(),
              Integer.toString(n),
              imagesFile.toString());
      assertEquals(0, outcome.exitCode(), outcome.stderr());
      assertEquals(
          "images 5 " + javaModel.height() + " " + javaModel.width() + " " + javaModel.channels(),
          outcome.stdout().strip());

      float[] expected = javaModel.generate(z).pixels();
      var actual =
          ByteBuffer.wrap(Files.readAllBytes(imagesFile))
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      assertEquals(expected.length, actual.remaining());
      float max = 0;
      for (int i = 0; i < expected.length; i++)
        max = Math.max(max, Math.abs(expected[i] - actual.get(i)));
      assertTrue(max <= 1e-5, "max difference between C and Java " + max);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {FRESH, SHIPPED})
  void generateMatchesTheJavaLibraryByteForByte(String which) throws Exception {
    Path dir = modelFor(which);
    try (var javaModel = DcganModel.load(dir)) {
      assumeTrue(
          javaModel.hasGenerateSignature(),
          dir + " was exported before the generate signature: re-export it");
      Path work = Files.createTempDirectory(tmp, "generate");
      var outcome = client(dir.toString(), "generate", "7", "4", work.toString());
      assertEquals(0, outcome.exitCode(), outcome.stderr());
      assertEquals(
          List.of(
              "images_uint8 4 "
                  + javaModel.height()
                  + " "
                  + javaModel.width()
                  + " "
                  + javaModel.channels(),
              "png_bytes 4"),
          outcome.stdout().strip().lines().toList());

      PngImages expected = javaModel.generatePng(7, 4);
      assertArrayEquals(expected.uint8(), Files.readAllBytes(work.resolve("images_uint8.raw")));
      for (int i = 0; i < 4; i++) {
        assertArrayEquals(
            expected.png(i),
            Files.readAllBytes(work.resolve(String.format("image%04d.png", i))),
            "png " + i);
      }
    }
  }

  static byte[] nativeBytes(float[][] z) {
    var bytes = ByteBuffer.allocate(z.length * z[0].length * 4).order(ByteOrder.nativeOrder());
    for (float[] row : z) for (float v : row) bytes.putFloat(v);
    return bytes.array();
  }

  static byte[] nativeBytes(long[] values) {
    var bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.nativeOrder());
    for (long v : values) bytes.putLong(v);
    return bytes.array();
  }

  @Test
  void conditionalServingDefaultTakesLabelsAsJavaDoes() throws Exception {
    try (var javaModel = DcganModel.load(conditionalModel)) {
      float[][] z = LatentNoise.gaussian(5, javaModel.latentSize(), 21);
      int[] labels = {0, 3, 9, 3, 1};
      Path work = Files.createTempDirectory(tmp, "conditional-serving-default");
      Path zFile = Files.write(work.resolve("z.f32"), nativeBytes(z));
      Path labelsFile =
          Files.write(
              work.resolve("labels.i64"),
              nativeBytes(java.util.Arrays.stream(labels).asLongStream().toArray()));
      Path imagesFile = work.resolve("images.f32");

      var outcome =
          client(
              conditionalModel.toString(),
              "serving_default",
              zFile.toString(),
              "5",
              imagesFile.toString(),
              labelsFile.toString());
      assertEquals(0, outcome.exitCode(), outcome.stderr());
      float[] expected = javaModel.generate(z, labels).pixels();
      var actual =
          ByteBuffer.wrap(Files.readAllBytes(imagesFile))
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      assertEquals(expected.length, actual.remaining());
      float max = 0;
      for (int i = 0; i < expected.length; i++)
        max = Math.max(max, Math.abs(expected[i] - actual.get(i)));
      assertTrue(max <= 1e-5, "max difference between C and Java " + max);

      var without =
          client(
              conditionalModel.toString(),
              "serving_default",
              zFile.toString(),
              "5",
              imagesFile.toString());
      assertEquals(1, without.exitCode());
      assertTrue(
          without.stderr().contains("class-conditional: pass LABELS_FILE"), without.stderr());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, -1})
  void conditionalGenerateMatchesJavaByteForByte(int cls) throws Exception {
    try (var javaModel = DcganModel.load(conditionalModel)) {
      Path work = Files.createTempDirectory(tmp, "conditional-generate");
      var outcome =
          client(conditionalModel.toString(), "generate", "7", "6", work.toString(), "" + cls);
      assertEquals(0, outcome.exitCode(), outcome.stderr());
      assertEquals("labels 6", outcome.stdout().strip().lines().toList().get(2));

      PngImages expected = javaModel.generatePng(7, 6, cls);
      assertArrayEquals(expected.uint8(), Files.readAllBytes(work.resolve("images_uint8.raw")));
      for (int i = 0; i < 6; i++) {
        assertArrayEquals(
            expected.png(i),
            Files.readAllBytes(work.resolve(String.format("image%04d.png", i))),
            "png " + i);
      }
      long[] expectedLabels = java.util.Arrays.stream(expected.labels()).asLongStream().toArray();
      assertArrayEquals(
          nativeBytes(expectedLabels), Files.readAllBytes(work.resolve("labels.i64")));
      if (cls >= 0) assertArrayEquals(new int[] {cls, cls, cls, cls, cls, cls}, expected.labels());
    }
  }

  @Test
  void failuresExitNonZeroWithAMessage() throws Exception {
    var missing =
        client(tmp.resolve("no-such-model").toString(), "generate", "1", "1", tmp.toString());
    assertEquals(1, missing.exitCode());
    assertTrue(missing.stderr().contains("loading the SavedModel"), missing.stderr());

    var usage = client(model.toString(), "generate", "1", "zero", tmp.toString());
    assertEquals(2, usage.exitCode());
    assertTrue(usage.stderr().contains("COUNT must be an integer"), usage.stderr());

    var classOfPlainModel = client(model.toString(), "generate", "1", "1", tmp.toString(), "3");
    assertEquals(1, classOfPlainModel.exitCode());
    assertTrue(
        classOfPlainModel.stderr().contains("signature 'generate' has no input 'class'"),
        classOfPlainModel.stderr());
  }
}
