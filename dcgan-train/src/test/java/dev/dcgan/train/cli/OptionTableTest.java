package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import dev.dcgan.train.options.ConfigFile;
import dev.dcgan.train.options.OptionChecks;
import dev.dcgan.train.options.OptionGroup;
import dev.dcgan.train.options.OptionValues;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.options.Use;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;

/**
 * The option table on the command line: every row is a train flag with its default in --help, and a
 * value of every option goes flag -> config.json -> reader unchanged.
 */
class OptionTableTest {
  /** A value other than the default for every option (a new row needs one here). */
  static final Map<String, String> SAMPLES =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("data", "fake"),
              Map.entry("format", "fake"),
              Map.entry("image-size", "32"),
              Map.entry("channels", "3"),
              Map.entry("limit", "100"),
              Map.entry("max-image-pixels", "1000000"),
              Map.entry("background", "#336699"),
              Map.entry("latent", "40"),
              Map.entry("arch", "dcgan"),
              Map.entry("ngf", "16"),
              Map.entry("ndf", "24"),
              Map.entry("spectral-norm", "true"),
              Map.entry("conditional", "false"),
              Map.entry("conditioning", "batch-norm"),
              Map.entry("latent-code", "12"),
              Map.entry("precision", "bf16"),
              Map.entry("loss", "hinge"),
              Map.entry("batch-size", "8"),
              Map.entry("lr-d", "1.0E-4"),
              Map.entry("lr-g", "3.0E-4"),
              Map.entry("beta1", "0.25"),
              Map.entry("d-steps", "2"),
              Map.entry("ema", "0.9"),
              Map.entry("lr-decay", "3:6"),
              Map.entry("augment", "translation,cutout"),
              Map.entry("augment-p", "auto"),
              Map.entry("augment-target", "0.5"),
              Map.entry("seed", "-5"),
              Map.entry("epochs", "6"),
              Map.entry("run-dir", "runs/x"),
              Map.entry("keep", "2"),
              Map.entry("checkpoint-every", "10"),
              Map.entry("summary-every", "5"),
              Map.entry("eval-every", "1"),
              Map.entry("threads", "2"),
              Map.entry("inter-op-threads", "0"),
              Map.entry("sync-batch-norm", "true"),
              Map.entry("workers", "2")));

  @Test
  void everyRowIsATrainFlagWithItsDefaultInTheHelp() {
    var options = new TrainCommand().options();
    var help = new ByteArrayOutputStream();
    int code =
        new Main(new PrintStream(help, true, StandardCharsets.UTF_8), System.err)
            .run(new String[] {"train", "--help"});
    assertEquals(0, code);
    String text = help.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    for (var row : TrainOptions.usedIn(Use.TRAIN)) {
      assertTrue(options.hasLongOption(row.name()), row.name());
      String d = row.helpWithDefault().replaceAll("\\s+", " ");
      String tail = d.substring(d.lastIndexOf('('));
      assertTrue(text.contains(tail), row.name() + ": " + tail + " not in the help");
    }
    assertTrue(text.contains("(default 0.999; 0: off, G's own weights)"), text);
    assertTrue(text.contains("--latent-code <K>"), text);
  }

  @Test
  void theSamplesCoverEveryOption() {
    var names = new ArrayList<String>();
    TrainOptions.ALL.forEach(o -> names.add(o.name()));
    assertEquals(new TreeMap<>(SAMPLES).keySet(), new java.util.TreeSet<>(names));
  }

  /**
   * Flags -> TrainConfig -> config.json -> reader: the same values, each as its flag said. ADA's
   * adaptive p is for one process, so the samples go in two runs: one process with ADA, and
   * data-parallel workers with a fixed p.
   */
  @Test
  void aValueOfEveryOptionRoundTripsThroughConfigJson() throws Exception {
    var oneProcess = new TreeMap<>(SAMPLES);
    oneProcess.remove("workers");
    oneProcess.remove("sync-batch-norm");
    roundTrips(oneProcess);
    var dataParallel = new TreeMap<>(SAMPLES);
    dataParallel.put("augment-p", "0.5");
    dataParallel.remove("augment-target"); // only with --augment-p auto
    roundTrips(dataParallel);

    var conditional =
        new DefaultParser()
            .parse(
                new TrainCommand().options(),
                new String[] {"--conditional", "--conditioning", "input"});
    var c = TrainCommand.config(conditional).values();
    assertEquals("input", c.format(TrainOptions.CONDITIONING));
    assertEquals(
        c, ConfigFile.read(JsonParser.parseString(ConfigFile.toJson(c)).getAsJsonObject()));
  }

  @Test
  void theRulesBetweenOptionsAreCheckedInOnePlace() {
    var v = OptionValues.defaults();
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OptionChecks.resolve(v, Set.of(TrainOptions.CONDITIONING)));
    assertEquals(
        "--conditioning needs --conditional (it says how G takes the class)", e.getMessage());
    var conditional = v.with(TrainOptions.CONDITIONAL, true);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OptionChecks.resolve(conditional, Set.of(TrainOptions.LATENT_CODE)));
    assertTrue(
        e.getMessage().startsWith("--latent-code is for unconditional GANs"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OptionChecks.resolve(v.with(TrainOptions.WORKERS, 3), Set.of()));
    assertTrue(
        e.getMessage().startsWith("--batch-size 32 does not split evenly over --workers 3"),
        e.getMessage());
    var sync = v.with(TrainOptions.SYNC_BATCH_NORM, true);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OptionChecks.resolve(sync, Set.of(TrainOptions.SYNC_BATCH_NORM)));
    assertEquals("--sync-batch-norm needs --workers 2 or more", e.getMessage());
    // Saved with a 2-worker run that resumes on one worker: one process's global-batch statistics.
    assertEquals(sync, OptionChecks.resolve(sync, Set.of()));
    assertEquals(
        0,
        OptionChecks.resolve(conditional, Set.of()).get(TrainOptions.LATENT_CODE),
        "a conditional G has no code, whatever the default");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OptionChecks.resolve(v.with(TrainOptions.LATENT, 8), Set.of()));
    assertTrue(e.getMessage().contains("z has 8"), e.getMessage());
  }

  @Test
  void onlyRunOptionsMayChangeOnResume() {
    for (var row : TrainOptions.ALL)
      assertEquals(row.group() != OptionGroup.RUN, row.group().frozenOnResume(), row.name());
    var r = run("train", "--resume", "somewhere", "--max-image-pixels", "100");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("--max-image-pixels cannot change a resumed run"), r.err);
  }

  @Test
  void rangesAreTheCodecsForEveryCommandThatReadsTheOption() {
    var r = run("train", "--epochs", "3000000000");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("--epochs must be at most 2147483647, got 3000000000"), r.err);
    r = run("train", "--ema", "1");
    assertTrue(
        r.err.contains("--ema must be between 0 and 1 (0 included, 1 excluded), got 1"), r.err);
    r = run("bench", "--precision", "fp16");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("--precision takes fp32|bf16, got 'fp16'"), r.err);
  }

  record Result(int code, String err) {}

  static Result run(String... args) {
    var err = new ByteArrayOutputStream();
    int code =
        new Main(
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new Result(code, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void adaptiveAugmentationIsForOneProcess() throws Exception {
    var cl =
        new DefaultParser()
            .parse(
                new TrainCommand().options(),
                new String[] {"--augment", "color", "--augment-p", "auto", "--workers", "2"});
    var e = assertThrows(UsageException.class, () -> TrainCommand.config(cl));
    assertTrue(e.getMessage().contains("--augment-p auto is for one process"), e.getMessage());
  }

  private static void roundTrips(Map<String, String> samples) throws Exception {
    var args = new ArrayList<String>();
    samples.forEach(
        (name, value) -> {
          var row = TrainOptions.named(name);
          if (name.equals("conditioning"))
            return; // needs --conditional, as latent-code its absence
          if (row.codec().isSwitch()) {
            if (Boolean.parseBoolean(value)) args.add("--" + name);
          } else {
            args.add("--" + name);
            args.add(value);
          }
        });
    var cl = new DefaultParser().parse(new TrainCommand().options(), args.toArray(String[]::new));
    var config = TrainCommand.config(cl);
    for (var row : TrainOptions.ALL)
      if (samples.containsKey(row.name()))
        assertEquals(samples.get(row.name()), config.values().format(row), row.name());
    var json = ConfigFile.toJson(config.values());
    var back = ConfigFile.read(JsonParser.parseString(json).getAsJsonObject());
    assertEquals(config.values(), back);
  }
}
