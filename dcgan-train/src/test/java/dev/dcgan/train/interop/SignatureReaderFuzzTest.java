package dev.dcgan.train.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dcgan.train.Fuzz;
import dev.dcgan.train.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * The C client's protobuf reader (interop/c/dcgan_client.c), built into a harness with address and
 * undefined-behaviour sanitizers (src/test/c/signature_reader.c), on damaged saved_model.pb files:
 * it resolves the signature tensors or exits 1 with one line of message, and never crashes, reads
 * out of bounds or hangs. Skipped, with the reason, where no C compiler is on PATH.
 */
@AddLifecycleHook(SignatureReaderFuzzTest.SkipWithoutCompiler.class)
class SignatureReaderFuzzTest {
  static final Path SHIPPED = Path.of("models", "dcgan-mnist", "3", "saved_model.pb");
  static final long HANG_SECONDS = 30;

  static Path dir;
  static Path harness;
  static String skipReason;

  @BeforeContainer
  static void compile() throws Exception {
    dir = Fuzz.newFolder("signature-fuzz");
    var cc = CApiClientTest.compiler();
    if (cc.isEmpty()) {
      skipReason = "no C compiler (cc or gcc) is on PATH";
    } else if (!Files.isRegularFile(TestData.root().resolve(SHIPPED))) {
      skipReason = SHIPPED + " is not in the repository";
    }
    if (skipReason != null) {
      System.err.println("SignatureReaderFuzzTest SKIPPED: " + skipReason);
      return;
    }
    harness = dir.resolve("signature_reader");
    Path source = TestData.root().resolve("dcgan-train/src/test/c/signature_reader.c");
    var command = new ArrayList<>(List.of(cc.get().toString(), "-std=c11", "-O1", "-g"));
    command.addAll(SANITIZERS);
    command.addAll(
        List.of(
            "-Wall",
            "-Wno-unused-function",
            "-I",
            TestData.root().resolve("interop/c").toString(),
            "-o",
            harness.toString(),
            source.toString()));
    var compile = run(command);
    if (compile.exitCode() != 0) {
      // A compiler without the sanitizers' runtime still builds a harness that finds crashes.
      command.removeAll(SANITIZERS);
      compile = run(command);
    }
    assertEquals(0, compile.exitCode(), "compiling " + source + " failed:\n" + compile.stderr());
  }

  static final List<String> SANITIZERS =
      List.of("-fsanitize=address,undefined", "-fno-sanitize-recover=all");

  @AfterContainer
  static void removeFolder() throws IOException {
    Fuzz.delete(dir);
  }

  /** Reports every property as skipped, with the reason, where the harness cannot be built. */
  static class SkipWithoutCompiler implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return skipReason == null ? SkipResult.doNotSkip() : SkipResult.skip(skipReason);
    }
  }

  /**
   * The shipped generator's saved_model.pb (20 KB, mostly graph), and the same with its
   * MetaGraphDef cut down to the signatures and tags, so most mutations land where the reader
   * reads.
   */
  @Provide
  Arbitrary<byte[]> damagedSavedModel() throws IOException {
    byte[] full = Files.readAllBytes(TestData.root().resolve(SHIPPED));
    MetaGraphDef meta = SavedModel.parseFrom(full).getMetaGraphs(0);
    byte[] signaturesOnly =
        SavedModel.newBuilder()
            .addMetaGraphs(
                MetaGraphDef.newBuilder()
                    .setMetaInfoDef(meta.getMetaInfoDef())
                    .putAllSignatureDef(meta.getSignatureDefMap()))
            .build()
            .toByteArray();
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Fuzz.mutationsOf(signaturesOnly)),
        net.jqwik.api.Tuple.of(1, Fuzz.mutationsOf(full)));
  }

  @Property
  void anySavedModelResolvesOrExitsOneWithAMessage(@ForAll("damagedSavedModel") byte[] bytes)
      throws Exception {
    Path file = Fuzz.write(dir.resolve("saved_model.pb"), bytes);
    var outcome = run(List.of(harness.toString(), file.toString()));
    switch (outcome.exitCode()) {
      case 0 -> assertEquals(6, outcome.stdout().lines().count(), outcome.stdout());
      case 1 -> {
        var lines = outcome.stderr().lines().toList();
        assertEquals(1, lines.size(), () -> "more than a message:\n" + outcome.stderr());
        assertTrue(lines.get(0).startsWith("dcgan_client: "), outcome.stderr());
      }
      default -> fail("exit " + outcome.exitCode() + " (a crash?):\n" + outcome.stderr());
    }
  }

  /**
   * Found by the property above: a tensor name holding a newline and NUL bytes was taken as an op
   * name (and printed as two lines). Only TensorFlow's node-name characters are an op name.
   */
  @Example
  void aTensorNameThatIsNoNodeNameExitsOneWithAMessage() throws Exception {
    var model = SavedModel.parseFrom(Files.readAllBytes(TestData.root().resolve(SHIPPED)));
    var meta = model.getMetaGraphs(0).toBuilder();
    var signature = meta.getSignatureDefOrThrow("serving_default").toBuilder();
    signature.putInputs(
        "z", signature.getInputsOrThrow("z").toBuilder().setName("\n\0\0\0es:0").build());
    meta.putSignatureDef("serving_default", signature.build());
    Path file =
        Fuzz.write(
            dir.resolve("saved_model.pb"),
            model.toBuilder().setMetaGraphs(0, meta).build().toByteArray());
    var outcome = run(List.of(harness.toString(), file.toString()));
    assertEquals(1, outcome.exitCode(), outcome.stdout() + outcome.stderr());
    assertTrue(outcome.stderr().contains("has no name of the form op:index"), outcome.stderr());
  }

  record Outcome(int exitCode, String stdout, String stderr) {}

  static Outcome run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(HANG_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(command.get(0) + " hangs: still running after " + HANG_SECONDS + " s");
      }
      // Tensor names come from the damaged file, and need not be UTF-8.
      return new Outcome(
          p.exitValue(),
          Files.readString(out, StandardCharsets.ISO_8859_1),
          Files.readString(err, StandardCharsets.ISO_8859_1));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }
}
