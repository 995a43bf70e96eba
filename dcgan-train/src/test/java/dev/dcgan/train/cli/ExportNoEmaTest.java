package dev.dcgan.train.cli;

import static dev.dcgan.train.cli.MainTest.run;
import static dev.dcgan.train.cli.MainTest.trainTiny;
import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.LatentNoise;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --no-ema}: the EMA only watches training, so G's own weights in a run with --ema
 * are those of the same run without it; exporting them lets the two be compared from one run.
 */
class ExportNoEmaTest {
  @Test
  void gsOwnWeightsOfAnEmaRunAreThoseOfTheRunWithoutIt(@TempDir Path tmp) throws Exception {
    Path withEma = tmp.resolve("with-ema");
    Path without = tmp.resolve("without");
    assertEquals(0, trainTiny(withEma, "--ema", "0.9", "--no-export").code());
    assertEquals(0, trainTiny(without, "--ema", "0", "--no-export").code());

    Path average = export(withEma, tmp.resolve("average"));
    Path own = export(withEma, tmp.resolve("own"), "--no-ema");
    Path plain = export(without, tmp.resolve("plain"));

    var z = LatentNoise.gaussian(4, 100, 3);
    try (var a = DcganModel.load(average);
        var o = DcganModel.load(own);
        var p = DcganModel.load(plain)) {
      float[] fromOwn = o.generate(z).pixels();
      assertArrayEquals(p.generate(z).pixels(), fromOwn, 1e-5f, "--no-ema is not G's own weights");
      float[] fromAverage = a.generate(z).pixels();
      double apart = 0;
      for (int i = 0; i < fromOwn.length; i++)
        apart = Math.max(apart, Math.abs(fromOwn[i] - fromAverage[i]));
      assertTrue(apart > 1e-3, "--no-ema exported the average: " + apart);
      assertFalse(o.metadata().orElseThrow().extra().containsKey("ema"));
      assertTrue(a.metadata().orElseThrow().extra().containsKey("ema"));
    }

    var refused =
        run(
            "export",
            "--checkpoint",
            without.toString(),
            "--out",
            tmp.resolve("x").toString(),
            "--no-ema",
            "--no-eval");
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("trained without --ema"), refused.err());
  }

  private static Path export(Path run, Path out, String... more) {
    var args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "export", "--checkpoint", run.toString(), "--out", out.toString(), "--no-eval"));
    args.addAll(java.util.List.of(more));
    var r = run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return out.resolve("1");
  }
}
