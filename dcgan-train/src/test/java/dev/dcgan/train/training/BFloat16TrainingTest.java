package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.options.ConfigFile;
import dev.dcgan.train.util.CpuFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --precision bf16}: the convolutions and products compute in bfloat16 (the CPU features are
 * given, so these run on any machine; TensorFlow has bfloat16 kernels without AVX512_BF16 too).
 */
class BFloat16TrainingTest {
  private static final CpuFeatures BF16_CPU = CpuFeatures.of("avx512f", "avx512_bf16");

  private static TrainConfig.Builder small(Path runDir, Precision precision) {
    return TrainerTest.small(runDir).limit(128).epochs(1).precision(precision);
  }

  private static double[][] losses(Path run) throws IOException {
    var rows = new ArrayList<double[]>();
    for (String line : TrainerTest.rows(run).subList(1, TrainerTest.rows(run).size())) {
      var f = line.split(",");
      var r = new double[4];
      for (int c = 0; c < 4; c++) r[c] = Double.parseDouble(f[c + 2]);
      rows.add(r);
    }
    return rows.toArray(double[][]::new);
  }

  @Test
  void bf16StepsGiveFiniteLossesCloseToButNotTheFloat32Ones(@TempDir Path tmp) throws IOException {
    Path fp32 = tmp.resolve("fp32");
    Path bf16 = tmp.resolve("bf16");
    new Trainer(small(fp32, Precision.FP32).build(), BF16_CPU).train(new TrainingListener() {});
    new Trainer(small(bf16, Precision.BF16).build(), BF16_CPU).train(new TrainingListener() {});
    double[][] a = losses(fp32);
    double[][] b = losses(bf16);
    assertEquals(2, b.length, "2 steps of 64");
    boolean differs = false;
    for (int r = 0; r < a.length; r++) {
      for (int c = 0; c < 4; c++) {
        assertTrue(Double.isFinite(b[r][c]), "bf16 row " + r);
        // bfloat16 keeps 8 bits of mantissa: the losses agree to about 1%, not to the last digit
        assertEquals(a[r][c], b[r][c], 0.05 * Math.abs(a[r][c]) + 0.01, "row " + r + " col " + c);
        differs |= a[r][c] != b[r][c];
      }
    }
    assertTrue(differs, "bf16 gave exactly the fp32 losses: it did not compute in bfloat16");
    var saved = RunFolder.existing(bf16).readConfig();
    assertEquals(Precision.BF16, saved.network().precision());
    assertTrue(
        Files.readString(bf16.resolve(RunFolder.CONFIG)).contains("\"precision\": \"bf16\""));
  }

  /**
   * Colour images as the emoji are: a white background (pixels at exactly 1.0) behind flat,
   * saturated discs. 64x64x3 picks the dcgan networks, whose input layer reads 3 channels and whose
   * logit layer has 1 output: on AVX512_BF16 machines TensorFlow 2.18's oneDNN got both wrong in
   * bfloat16 (NaN in D(x) at step 1 on the emoji), so this run diverged or drifted far from fp32.
   */
  @Test
  void bf16OnColourImagesStaysCloseToFloat32(@TempDir Path tmp) throws IOException {
    Path data = colourDiscs(tmp.resolve("discs"), 64);
    Path fp32 = tmp.resolve("fp32");
    Path bf16 = tmp.resolve("bf16");
    TrainResult result = null;
    for (var run : new Path[] {fp32, bf16})
      result =
          new Trainer(
                  TrainConfig.builder()
                      .data(data.toString())
                      .batchSize(32)
                      .epochs(1)
                      .seed(3)
                      .precision(run == fp32 ? Precision.FP32 : Precision.BF16)
                      .runDir(run.toString())
                      .build(),
                  BF16_CPU)
              .train(new TrainingListener() {});
    assertEquals("dcgan", result.spec().architecture().id());
    assertEquals(3, result.spec().channels());
    double[][] a = losses(fp32);
    double[][] b = losses(bf16);
    assertEquals(2, b.length, "2 steps of 32");
    for (int r = 0; r < a.length; r++)
      for (int c = 0; c < 4; c++) {
        assertTrue(Double.isFinite(b[r][c]), "bf16 row " + r + " col " + c + " is " + b[r][c]);
        assertEquals(a[r][c], b[r][c], 0.05 * Math.abs(a[r][c]) + 0.01, "row " + r + " col " + c);
      }
  }

  /** {@code count} 64x64 RGB PNGs: a white background and one disc of a saturated colour. */
  static Path colourDiscs(Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    var random = new java.util.Random(7);
    int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x000000};
    for (int i = 0; i < count; i++) {
      var image =
          new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
      var g = image.createGraphics();
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, 64, 64);
      g.setColor(new java.awt.Color(colours[random.nextInt(colours.length)]));
      int d = 24 + random.nextInt(32);
      g.fillOval(random.nextInt(64 - d + 1), random.nextInt(64 - d + 1), d, d);
      g.dispose();
      javax.imageio.ImageIO.write(image, "png", dir.resolve("disc" + i + ".png").toFile());
    }
    return dir;
  }

  @Test
  void withoutNativeBf16TheRunFallsBackToFp32AndSaysWhy(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    var trainer =
        new Trainer(small(run, Precision.BF16).limit(64).build(), CpuFeatures.of("avx512f"));
    assertEquals(Precision.FP32, trainer.config().network().precision());
    var notes = new ArrayList<String>();
    trainer.train(
        new TrainingListener() {
          @Override
          public void onNote(String note) {
            notes.add(note);
          }
        });
    assertTrue(
        notes.stream().anyMatch(n -> n.contains("AVX512_BF16") && n.contains("fp32 instead")),
        "no fallback note in " + notes);
    assertEquals(Precision.FP32, RunFolder.existing(run).readConfig().network().precision());
  }

  @Test
  void cpuFeaturesAreReadFromCpuinfoAndUnknownOnesFallBack() {
    var cpuinfo =
        "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse avx512f avx512_bf16\n\n"
            + "processor\t: 1\nflags\t\t: fpu sse avx512f avx512_bf16\n";
    assertTrue(CpuFeatures.fromCpuinfo(cpuinfo, "test").bf16());
    assertTrue(CpuFeatures.of("amx_bf16").bf16());
    var noBf16 = CpuFeatures.fromCpuinfo("flags\t: fpu sse avx512f\n", "test");
    assertFalse(noBf16.bf16());
    assertEquals(Precision.FP32, noBf16.supported(Precision.BF16));
    assertEquals(Precision.FP32, noBf16.supported(Precision.FP32));
    assertTrue(noBf16.fallbackWarning(Precision.FP32).isEmpty());
    var unknown = new CpuFeatures(null, "Windows 11 (no /proc/cpuinfo)");
    assertEquals(Precision.FP32, unknown.supported(Precision.BF16));
    assertTrue(unknown.fallbackWarning(Precision.BF16).orElseThrow().contains("cannot tell"));
    assertEquals(Precision.BF16, CpuFeatures.of("avx512_bf16").supported(Precision.BF16));
  }

  /** A bf16 run stopped mid-epoch and resumed repeats the uninterrupted bf16 run. */
  @Test
  void resumedBf16RunRepeatsTheUninterruptedOne(@TempDir Path tmp) throws IOException {
    Path straight = tmp.resolve("straight");
    new Trainer(small(straight, Precision.BF16).limit(64).batchSize(32).epochs(2).build(), BF16_CPU)
        .train(new TrainingListener() {});
    Path interrupted = tmp.resolve("interrupted");
    var first =
        TrainerTest.stopAfter(
            new Trainer(
                small(interrupted, Precision.BF16).limit(64).batchSize(32).epochs(2).build(),
                BF16_CPU),
            1);
    assertTrue(first.stopped());
    var resumed = Trainer.resume(interrupted, 0);
    assertEquals(Precision.BF16, resumed.config().network().precision(), "resume keeps bf16");
    resumed.train(new TrainingListener() {});
    TrainerTest.assertSameRows(straight, interrupted);
  }

  /** A config.json written before the precision existed resumes as fp32. */
  @Test
  void configWithoutPrecisionReadsAsFp32(@TempDir Path tmp) throws IOException {
    String json = ConfigFile.toJson(small(tmp, Precision.BF16).build().values());
    assertTrue(json.contains("\"precision\": \"bf16\""), json);
    Files.writeString(
        tmp.resolve(RunFolder.CONFIG), json.replaceAll(",\\s*\"precision\": \"bf16\"", ""));
    assertFalse(Files.readString(tmp.resolve(RunFolder.CONFIG)).contains("precision"));
    assertEquals(Precision.FP32, RunFolder.existing(tmp).readConfig().network().precision());
  }
}
