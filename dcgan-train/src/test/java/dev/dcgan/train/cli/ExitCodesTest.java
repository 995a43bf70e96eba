package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.train.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exit codes of problems found after the flags parse: a setting that does not fit the data is bad
 * usage (2), a file where an output folder is needed is a run-time failure (1) said in one sentence
 * that names the file.
 */
class ExitCodesTest {
  @TempDir Path tmp;

  /** {@code dcgan train} with these flags, in {@code tmp/run} unless they name a --run-dir. */
  private MainTest.Run train(String... flags) {
    var args = new ArrayList<>(List.of("train"));
    args.addAll(List.of(flags));
    if (!args.contains("--run-dir"))
      args.addAll(List.of("--run-dir", tmp.resolve("run").toString()));
    return MainTest.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--arch dcgan|the dcgan architecture needs square images with a power-of-two side >= 8"
            + " (32, 64), got 28x28; use --arch tutorial for these",
        "--data fake --image-size 36|no default architecture for 36x36 images",
        "--data fake --image-size 30 --arch tutorial|use --arch dcgan for 32x32 or 64x64",
        "--channels 3|IDX images have 1 channel(s); drop --channels 3",
        "--image-size 32|IDX images are 28x28 and are not resized; drop --image-size 32"
      })
  void aSettingTheDataCannotTakeExitsTwoWithTheProblemAndAHint(String flags, String message) {
    var all = new ArrayList<>(List.of(flags.split(" ")));
    if (!all.contains("--data")) all.addAll(List.of("--data", TestData.mnist().toString()));
    all.addAll(List.of("--limit", "64", "--epochs", "1", "--no-export"));
    var r = train(all.toArray(String[]::new));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("dcgan train: "), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertTrue(r.err().contains("dcgan train --help"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
  }

  /**
   * --conditioning and --latent-code are checked with the flags, before any data is read: usage and
   * the flags.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--conditioning batch-norm|--conditioning needs --conditional",
        "--conditional --conditioning middle|unknown conditioning 'middle' (known: input,"
            + " batch-norm)",
        "--latent-code 1|a latent code needs at least 2 values (0: none), got 1",
        "--latent-code -1|--latent-code must be at least 0, got -1",
        "--latent 8|a latent code of 10 values is read off as many entries of z, and z has 8:"
            + " use --latent 10 or more, or --latent-code 0 (none) or at most 8",
        "--latent-code ten|--latent-code takes a whole number, got 'ten'",
        "--latent-code 10 --conditional|--latent-code is for unconditional GANs",
        "--latent-code 10 --latent 8|a latent code of 10 values is read off as many entries of z,"
            + " and z has 8"
      })
  void aBadConditioningOrCodeExitsTwoWithTheFlags(String flags, String message) {
    var all = new ArrayList<>(List.of(flags.split(" ")));
    all.addAll(List.of("--data", "/no/such/folder", "--no-export"));
    var r = train(all.toArray(String[]::new));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("dcgan train: " + message), r.err());
    assertTrue(r.err().contains("--latent-code <K>"), "the help follows: " + r.err());
  }

  /** The augmentation and background flags are checked before any data is read. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--augment flip|--augment takes any of color, translation, cutout (comma-separated) or"
            + " none, got 'flip'",
        "--augment color --augment-p 1.5|--augment-p takes auto or a probability in [0, 1], got"
            + " 1.5",
        "--augment color --augment-p often|--augment-p takes auto or a probability in [0, 1], got"
            + " 'often'",
        "--augment-p auto|--augment-p needs --augment",
        "--augment color --augment-target 0.5|--augment-target needs --augment with --augment-p"
            + " auto",
        "--augment color --augment-p auto --augment-target 1|--augment-target must be",
        "--background pink|--background takes white, black, gray or #RRGGBB, got 'pink'"
      })
  void aBadAugmentationOrBackgroundExitsTwoWithTheFlags(String flags, String message) {
    var all = new ArrayList<>(List.of(flags.split(" ")));
    all.addAll(List.of("--data", "/no/such/folder", "--no-export"));
    var r = train(all.toArray(String[]::new));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("dcgan train: " + message), r.err());
    assertTrue(r.err().contains("--augment <OPS>"), "the help follows: " + r.err());
  }

  /** An IDX image file alone has no labels: --conditional is bad usage, said with the fix. */
  @Test
  void conditionalOnDataWithoutLabelsExitsTwo() throws Exception {
    Path images =
        dev.dcgan.train.data.MnistFiles.images(TestData.mnist(), dev.dcgan.train.data.Split.TRAIN);
    var r =
        train(
            "--conditional",
            "--data",
            images.toString(),
            "--limit",
            "64",
            "--epochs",
            "1",
            "--no-export");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--conditional needs a data set with labels"), r.err());
    assertTrue(r.err().contains("or train without --conditional"), r.err());
  }

  @Test
  void outputPathsUnderAFileExitOneInOneSentenceNamingTheFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
    var runDir =
        train("--data", "fake", "--limit", "64", "--epochs", "1", "--run-dir", file.toString());
    assertEquals(1, runDir.code(), runDir.err());
    assertTrue(
        runDir.err().startsWith("dcgan train: " + file + " is a file, not a folder; choose"),
        runDir.err());

    Path inside = file.resolve("run");
    var runDirInside =
        train("--data", "fake", "--limit", "64", "--epochs", "1", "--run-dir", inside.toString());
    assertEquals(1, runDirInside.code(), runDirInside.err());
    assertTrue(
        runDirInside
            .err()
            .startsWith(
                "dcgan train: "
                    + file
                    + " is a file, not a folder, so "
                    + inside
                    + " cannot be in it; choose another path"),
        runDirInside.err());

    Path model = TestData.root().resolve("models/dcgan-mnist/3");
    var grid =
        MainTest.run(
            "generate",
            "--model",
            model.toString(),
            "--count",
            "2",
            "--out",
            file.resolve("grid.png").toString());
    assertEquals(1, grid.code(), grid.err());
    assertTrue(grid.err().startsWith("dcgan generate: " + file + " is a file"), grid.err());

    var each =
        MainTest.run(
            "generate",
            "--model",
            model.toString(),
            "--count",
            "2",
            "--out",
            tmp.resolve("grid.png").toString(),
            "--each",
            file.toString());
    assertEquals(1, each.code(), each.err());
    assertTrue(each.err().startsWith("dcgan generate: " + file + " is a file"), each.err());
  }

  @Test
  void exportToAFileExitsOneNamingItAfterATrainingRunExitsZero() throws Exception {
    var run =
        train(
            "--data",
            "fake",
            "--image-size",
            "28",
            "--limit",
            "64",
            "--batch-size",
            "64",
            "--epochs",
            "1",
            "--no-export");
    assertEquals(0, run.code(), run.err());
    Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
    var export =
        MainTest.run(
            "export",
            "--checkpoint",
            tmp.resolve("run").toString(),
            "--out",
            file.toString(),
            "--no-eval");
    assertEquals(1, export.code(), export.err());
    assertTrue(
        export.err().startsWith("dcgan export: " + file + " is a file, not a folder"),
        export.err());
  }
}
