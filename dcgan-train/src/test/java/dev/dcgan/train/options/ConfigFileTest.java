package dev.dcgan.train.options;

import static dev.dcgan.train.options.TrainOptions.*;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dcgan.train.augment.Augmentation;
import dev.dcgan.train.augment.DiffAugment;
import dev.dcgan.train.data.Background;
import dev.dcgan.train.data.DataFormat;
import dev.dcgan.train.data.LoadOptions;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.Conditioning;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.training.LearningRateDecay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * config.json of every shape the project has written (src/test/resources/config-shapes, one file
 * per version that changed it, named by its commit) reads to the values that version meant; the
 * shape written today reads back to the same values and writes the same text.
 */
class ConfigFileTest {
  static String golden(String name) throws IOException {
    try (InputStream in = ConfigFileTest.class.getResourceAsStream("/config-shapes/" + name)) {
      assertNotNull(in, name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static OptionValues read(String name) throws IOException {
    return ConfigFile.read(JsonParser.parseString(golden(name)).getAsJsonObject());
  }

  /** What every golden file holds (its versions wrote these values where they had the option). */
  static Map<Option<?>, Object> common() {
    var m = new LinkedHashMap<Option<?>, Object>();
    m.put(DATA_PATH, "data/fashion-mnist");
    m.put(LIMIT, 1000);
    m.put(IMAGE_SIZE, 0);
    m.put(CHANNELS, 0);
    m.put(ARCH, Architecture.TUTORIAL);
    m.put(LATENT, 64);
    m.put(EPOCHS, 7);
    m.put(BATCH_SIZE, 16);
    m.put(LR_D, 1e-4f);
    m.put(LR_G, 3e-4f);
    m.put(BETA1, 0.6f);
    m.put(D_STEPS, 2);
    m.put(SEED, 7L);
    m.put(RUN_DIR, "runs/old");
    m.put(THREADS, 2);
    m.put(INTER_OP_THREADS, 1);
    m.put(KEEP, 4);
    return m;
  }

  static void assertValues(Map<Option<?>, Object> expected, OptionValues actual, String file) {
    for (var o : TrainOptions.ALL) {
      Object want = expected.containsKey(o) ? expected.get(o) : o.ifAbsent();
      assertEquals(want, actual.get(o), file + ": " + o.name());
    }
  }

  @Test
  void theFirstFlatFileMeansTheDefaultsOfItsTime() throws IOException {
    var want = common();
    // Absent then: read as what their absence meant (the default widths, the summary interval).
    assertEquals(64, read("01-flat-033d961.json").get(NGF));
    assertValues(want, read("01-flat-033d961.json"), "01");
  }

  @Test
  void aFlatFileWithZerosForTheDefaults() throws IOException {
    var want = common();
    want.put(FORMAT, DataFormat.IDX);
    want.put(NDF, 48);
    want.put(CHECKPOINT_EVERY, 100);
    // ngf 0 and summaryEvery 0 stood for "the default" in the flat file.
    assertValues(want, read("02-flat-eaa0231.json"), "02");
    want.put(MAX_IMAGE_PIXELS, 5_000_000L);
    assertValues(want, read("03-flat-ff66f40.json"), "03");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void everyGroupedFileReadsAsItsVersionMeantIt(int level) throws IOException {
    String[] names = {
      "04-grouped-ca79e1e-groups.json",
      "05-grouped-1f09386-eval-every.json",
      "06-grouped-e8b9005-spectral-norm-ema.json",
      "07-grouped-668251c-max-image-pixels.json",
      "08-grouped-7906803-conditional.json",
      "09-grouped-14cc977-precision.json",
      "10-grouped-af83293-conditioning.json",
      "11-grouped-954c049-lr-decay.json",
      "12-grouped-77a968d-latent-code.json"
    };
    var want = common();
    want.put(FORMAT, DataFormat.IDX);
    want.put(NGF, 32);
    want.put(NDF, 48);
    want.put(LOSS, LossType.HINGE);
    want.put(CHECKPOINT_EVERY, 100);
    want.put(SUMMARY_EVERY, 25);
    if (level >= 2) want.put(EVAL_EVERY, 2);
    if (level >= 3) {
      want.put(SPECTRAL_NORM, true);
      want.put(EMA, 0.99f);
    }
    if (level >= 4) want.put(MAX_IMAGE_PIXELS, 5_000_000L);
    if (level >= 5) want.put(CONDITIONAL, level < 9);
    if (level >= 6) want.put(PRECISION, Precision.BF16);
    if (level >= 7) want.put(CONDITIONING, Conditioning.BATCH_NORM);
    if (level >= 8) want.put(LR_DECAY, new LearningRateDecay(5, 7));
    if (level >= 9) want.put(LATENT_CODE, 12);
    String name = names[level - 1];
    assertValues(want, read(name), name);
  }

  /**
   * The table's first file (issue 21), before augmentation and data parallelism: no augmentation,
   * black background, one process.
   */
  @Test
  void theFirstTableShapeReadsWithoutAugmentation() throws IOException {
    var values = read("13-options-issue-21.json");
    assertValues(issue21(), values, "13");
    assertEquals(1, values.get(WORKERS));
    assertFalse(values.get(SYNC_BATCH_NORM));
  }

  @Test
  void todaysShapeReadsBackAndWritesTheSameText() throws IOException {
    String text = golden("14-options-today.json");
    var values = read("14-options-today.json");
    var want = issue21();
    want.put(BACKGROUND, new Background(0x336699));
    want.put(AUGMENT, DiffAugment.parse("color,translation,cutout"));
    want.put(AUGMENT_P, Augmentation.Probability.parse("0.5"));
    want.put(AUGMENT_TARGET, 0.5f);
    want.put(SYNC_BATCH_NORM, true);
    want.put(WORKERS, 2);
    assertValues(want, values, "14");
    assertEquals(text, ConfigFile.toJson(values));
  }

  /** The values of the option table's golden files (13, 14). */
  private static Map<Option<?>, Object> issue21() {
    var want = common();
    want.put(FORMAT, DataFormat.IDX);
    want.put(MAX_IMAGE_PIXELS, 5_000_000L);
    want.put(NGF, 32);
    want.put(NDF, 48);
    want.put(SPECTRAL_NORM, true);
    want.put(CONDITIONING, Conditioning.BATCH_NORM);
    want.put(LATENT_CODE, 12);
    want.put(PRECISION, Precision.BF16);
    want.put(LOSS, LossType.HINGE);
    want.put(EMA, 0.99f);
    want.put(LR_DECAY, new LearningRateDecay(5, 7));
    want.put(CHECKPOINT_EVERY, 100);
    want.put(SUMMARY_EVERY, 25);
    want.put(EVAL_EVERY, 2);
    return want;
  }

  /** Every option's group and name is a key of the written file, an unset one as null. */
  @Test
  void everyOptionIsWrittenUnderItsGroupAndName() {
    JsonObject json = ConfigFile.toJsonObject(OptionValues.defaults());
    for (var o : TrainOptions.ALL)
      assertTrue(json.getAsJsonObject(o.group().key()).has(o.name()), o.name());
    assertTrue(json.getAsJsonObject("network").get("arch").isJsonNull());
    assertEquals(OptionValues.defaults(), ConfigFile.read(json));
  }

  @Test
  void aValueOutOfItsRangeInAFileIsRefusedNamingTheOption() {
    var json = ConfigFile.toJsonObject(OptionValues.defaults());
    json.getAsJsonObject("optimisation").addProperty("batch-size", 0);
    var e = assertThrows(IllegalArgumentException.class, () -> ConfigFile.read(json));
    assertEquals("batch-size must be at least 1, got 0", e.getMessage());
    json.getAsJsonObject("optimisation").addProperty("batch-size", 3_000_000_000L);
    e = assertThrows(IllegalArgumentException.class, () -> ConfigFile.read(json));
    assertEquals("batch-size must be at most 2147483647, got 3000000000", e.getMessage());
  }

  @Test
  void theFilesLackingAnOptionMeanWhatItsRowSays() {
    assertEquals(LoadOptions.DEFAULT_MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS.ifAbsent());
    assertEquals(Precision.FP32, PRECISION.ifAbsent());
    assertEquals(Conditioning.INPUT, CONDITIONING.ifAbsent());
    assertEquals(0, LATENT_CODE.ifAbsent());
    assertEquals(0f, EMA.ifAbsent());
    assertNull(LR_DECAY.ifAbsent());
    assertEquals(false, SPECTRAL_NORM.ifAbsent());
    // Before --background the loader drew transparent pixels over black.
    assertEquals(Background.BLACK, BACKGROUND.ifAbsent());
    assertTrue(AUGMENT.ifAbsent().policies().isEmpty(), "no augmentation");
  }
}
