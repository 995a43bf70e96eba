package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.nn.Precision;
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
    assertTrue(Files.readString(bf16.resolve(RunFolder.CONFIG)).contains("\"BF16\""));
  }
}
