package dev.dcgan.train.training;

import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.Fuzz;
import dev.dcgan.train.data.ClassFolders;
import dev.dcgan.train.eval.ClassifierMetadata;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.options.ConfigFile;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The JSON files of run folders and models (config.json, model.json, a checkpoint's state.json, a
 * generator's dcgan.json and a classifier's classifier.json) and of synthetic data sets
 * (classes.json), damaged, read or end in an {@link IOException} naming the file: never in a Gson
 * or number-format exception, a null pointer, a hang, or an allocation the file's size does not
 * justify.
 */
class JsonFilesFuzzTest {
  static Path dir;

  @BeforeContainer
  static void folder() {
    dir = Fuzz.newFolder("json-fuzz");
  }

  @AfterContainer
  static void removeFolder() throws IOException {
    Fuzz.delete(dir);
  }

  /** Parsing a JSON file of n bytes: the text, its tokens and the values, with room to spare. */
  static long budget(byte[] json) {
    return (4 << 20) + 200L * json.length;
  }

  private static void assertReadsOrThrowsIOException(Path file, byte[] bytes, Fuzz.Call read) {
    Fuzz.write(file, bytes);
    Fuzz.assertEndsWell(Fuzz.run(read), IOException.class, file.toString(), budget(bytes));
  }

  @Provide
  Arbitrary<byte[]> damagedConfig() {
    return Fuzz.jsonMutationsOf(ConfigFile.toJson(TrainConfig.defaults().values()));
  }

  @Property
  void anyConfigJsonReadsOrThrowsIOException(@ForAll("damagedConfig") byte[] bytes) {
    var run = new RunFolder(dir.resolve("run"));
    assertReadsOrThrowsIOException(run.dir().resolve(RunFolder.CONFIG), bytes, run::readConfig);
  }

  @Provide
  Arbitrary<byte[]> damagedModelInfo() {
    return Fuzz.jsonMutationsOf(
        Json.toJson(new RunFolder.ModelInfo(ModelSpec.mnist(100), "mnist")));
  }

  @Property
  void anyModelJsonReadsOrThrowsIOException(@ForAll("damagedModelInfo") byte[] bytes) {
    var run = new RunFolder(dir.resolve("run"));
    assertReadsOrThrowsIOException(run.dir().resolve("model.json"), bytes, run::readModelInfo);
  }

  @Provide
  Arbitrary<byte[]> damagedState() {
    return Fuzz.jsonMutationsOf(Json.toJson(new Checkpoints.State(1200, 1200, 2, 537, 153600)));
  }

  @Property
  void anyStateJsonReadsOrThrowsIOException(@ForAll("damagedState") byte[] bytes) {
    Path checkpoint = dir.resolve("ckpt-000001200");
    assertReadsOrThrowsIOException(
        checkpoint.resolve(Checkpoints.STATE_FILE), bytes, () -> Checkpoints.readState(checkpoint));
  }

  @Provide
  Arbitrary<byte[]> damagedMetadata() {
    var metadata =
        new ModelMetadata(
            SavedModelContract.FORMAT_VERSION,
            100,
            28,
            28,
            1,
            0f,
            1f,
            "mnist",
            "tutorial",
            25,
            11725,
            42,
            "2026-11-27T03:00:00Z",
            "0.1.0",
            null,
            Map.of("evaluation", Map.of("fcd", 154.2, "count", 2000)));
    return Fuzz.jsonMutationsOf(metadata.toJson());
  }

  @Property
  void anyModelMetadataReadsOrThrowsIOException(@ForAll("damagedMetadata") byte[] bytes) {
    Path model = dir.resolve("model");
    assertReadsOrThrowsIOException(
        model.resolve(SavedModelContract.ASSETS_EXTRA).resolve(SavedModelContract.METADATA_FILE),
        bytes,
        () -> ModelMetadata.read(model));
  }

  @Provide
  Arbitrary<byte[]> damagedClassifierMetadata() {
    var metadata =
        new ClassifierMetadata(
            "mnist",
            "data/mnist",
            28,
            28,
            1,
            10,
            128,
            0.9934,
            10000,
            10,
            128,
            1e-3f,
            3,
            42,
            "2026-11-27T03:00:00Z",
            "0.1.0");
    return Fuzz.jsonMutationsOf(Json.toJson(metadata));
  }

  @Property
  void anyClassifierMetadataReadsOrThrowsIOException(
      @ForAll("damagedClassifierMetadata") byte[] bytes) {
    Path model = dir.resolve("classifier");
    assertReadsOrThrowsIOException(
        ClassifierMetadata.file(model), bytes, () -> ClassifierMetadata.read(model));
  }

  @Provide
  Arbitrary<byte[]> damagedClassManifest() {
    return Fuzz.jsonMutationsOf(
        Json.toJson(new ClassFolders.Manifest(List.of("t-shirt/top", "trouser", "ankle boot"))));
  }

  @Property
  void anyClassManifestReadsOrThrowsIOException(@ForAll("damagedClassManifest") byte[] bytes) {
    Path data = dir.resolve("synthetic");
    assertReadsOrThrowsIOException(
        data.resolve(ClassFolders.MANIFEST),
        bytes,
        () -> ClassFolders.names(data, List.of("00-t-shirt_top", "02-ankle_boot")));
  }
}
