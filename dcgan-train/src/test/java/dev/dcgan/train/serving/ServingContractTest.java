package dev.dcgan.train.serving;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * Every shipped model (those {@code serving/models.config} lists), and a fresh export of each kind
 * (unconditional and class-conditional), passes the checks TF Serving makes; the checks catch what
 * they should; every model {@code serving/models.config} lists is under models/.
 */
class ServingContractTest {
  @TempDir static Path tmp;
  static Path fresh;
  static Path freshConditional;

  @BeforeAll
  static void export() throws IOException {
    fresh = TestModels.trainAndExport(tmp.resolve("fresh")).getParent();
    freshConditional =
        TestModels.trainAndExportConditional(tmp.resolve("fresh-conditional")).getParent();
  }

  /**
   * The model base folders the project ships, those serving/models.config lists: a user's own
   * export under models/ is not checked here (serve it with a config of your own).
   */
  static List<Path> shippedModels() throws IOException {
    return dev.dcgan.train.ShippedModels.bases();
  }

  @TestFactory
  Stream<DynamicTest> everyModelFollowsTheServingContract() throws IOException {
    var bases = new ArrayList<Path>(shippedModels());
    bases.add(fresh);
    bases.add(freshConditional);
    return bases.stream()
        .map(
            base ->
                DynamicTest.dynamicTest(
                    base.toString(), () -> assertEquals(List.of(), ServingContract.check(base))));
  }

  /** {@code name -> base_path} of each config in serving/models.config. */
  static Map<String, String> servingConfig() throws IOException {
    String text = Files.readString(TestData.root().resolve("serving").resolve("models.config"));
    var configs = new LinkedHashMap<String, String>();
    var m =
        Pattern.compile("config\\s*\\{\\s*name:\\s*\"([^\"]+)\"\\s*base_path:\\s*\"([^\"]+)\"")
            .matcher(text);
    while (m.find()) configs.put(m.group(1), m.group(2));
    return configs;
  }

  @Test
  void modelsConfigListsTheShippedModelsWhereTheyAre() throws IOException {
    Map<String, String> configs = servingConfig();
    assertTrue(
        configs
            .keySet()
            .containsAll(List.of("dcgan-mnist", "classifier-mnist", "classifier-fashion-mnist")),
        "models.config lists " + configs.keySet());
    configs.forEach((name, base) -> assertEquals("/models/" + name, base, "base_path of " + name));
    for (String name : configs.keySet()) {
      assertTrue(
          Files.isDirectory(TestData.root().resolve("models").resolve(name)),
          "serving/models.config lists " + name + ", which is not under models/");
    }
  }

  /** A copy of the fresh export with one thing broken. */
  static Path brokenCopy(String name, Consumer<Path> breakIt) throws IOException {
    Path base = tmp.resolve("broken").resolve(name);
    Path version = base.resolve("1");
    Files.createDirectories(version.resolve("variables"));
    Path from = fresh.resolve("1");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = version.resolve(from.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    breakIt.accept(version);
    return base;
  }

  /** Rewrites the copy's saved_model.pb after changing the {@code serving_default} signature. */
  static Consumer<Path> editSignature(java.util.function.UnaryOperator<SignatureDef.Builder> edit) {
    return version -> {
      try {
        Path pb = version.resolve("saved_model.pb");
        var saved = SavedModel.parseFrom(Files.readAllBytes(pb)).toBuilder();
        var meta = saved.getMetaGraphsBuilder(0);
        var sig = meta.getSignatureDefOrThrow("serving_default").toBuilder();
        meta.putSignatureDef("serving_default", edit.apply(sig).build());
        Files.write(pb, saved.build().toByteArray());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  static void assertProblem(Path base, String expected) throws IOException {
    List<String> problems = ServingContract.check(base);
    assertTrue(
        problems.stream().anyMatch(p -> p.contains(expected)),
        "expected '" + expected + "' in " + problems);
  }

  @Test
  void checksCatchWhatTfServingRejects() throws IOException {
    assertProblem(
        brokenCopy(
            "no-index", v -> v.resolve("variables").resolve("variables.index").toFile().delete()),
        "variables/variables.index is missing");
    assertProblem(
        brokenCopy("no-inputs", editSignature(SignatureDef.Builder::clearInputs)), "has no inputs");
    assertProblem(
        brokenCopy("method", editSignature(s -> s.setMethodName("tensorflow/serving/generate"))),
        "has method 'tensorflow/serving/generate'");
    assertProblem(
        brokenCopy(
            "fixed-batch",
            editSignature(
                s -> {
                  var z = s.getInputsOrThrow("z").toBuilder();
                  z.getTensorShapeBuilder().getDimBuilder(0).setSize(64);
                  return s.putInputs("z", z.build());
                })),
        "has batch dimension 64, not -1");
    assertProblem(
        brokenCopy(
            "dangling",
            editSignature(
                s ->
                    s.putOutputs(
                        "images",
                        s.getOutputsOrThrow("images").toBuilder().setName("nowhere:0").build()))),
        "not in the graph");
    assertProblem(
        brokenCopy(
            "tag",
            v -> {
              try {
                Path pb = v.resolve("saved_model.pb");
                var saved = SavedModel.parseFrom(Files.readAllBytes(pb)).toBuilder();
                saved.getMetaGraphsBuilder(0).getMetaInfoDefBuilder().clearTags().addTags("train");
                Files.write(pb, saved.build().toByteArray());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }),
        "no MetaGraph tagged exactly 'serve'");
  }

  @Test
  void versionFoldersMustBeNumeric() throws IOException {
    Path base =
        brokenCopy(
            "named",
            v -> {
              try {
                Files.move(v, v.resolveSibling("v1"));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertProblem(base, "not a numeric version folder");
    assertProblem(base, "no numeric version folder");
    // Hidden folders (the exporter's .tmp-export-*) are not versions and not problems.
    Files.createDirectories(fresh.resolve(".tmp-export-123"));
    assertEquals(List.of(), ServingContract.check(fresh));
  }
}
