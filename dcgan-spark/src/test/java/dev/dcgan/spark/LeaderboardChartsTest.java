package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts of a sweep over four losses and two seeds: the sweep of docs/evaluation.md, whose loss
 * chart hung in XChart's tick search when it was an XY chart with labelled positions.
 */
class LeaderboardChartsTest {
  // A guard against the hang, not a speed target: drawing takes well under a second.
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aCategoryOptionAndANumericOptionEachGetAChart(@TempDir Path dir) throws Exception {
    var spec =
        SweepSpec.parse(
            JsonParser.parseString(
                    "{\"name\": \"losses\", \"grid\": {\"loss\": [\"non-saturating\", \"minimax\","
                        + " \"least-squares\", \"hinge\"], \"seed\": [1, 2]}}")
                .getAsJsonObject());
    String[] losses = {"non-saturating", "minimax", "least-squares", "hinge"};
    var results = new ArrayList<TrialResult>();
    int n = 0;
    for (String loss : losses)
      for (int seed = 1; seed <= 2; seed++, n++)
        results.add(
            new TrialResult(
                "t00" + n,
                Map.of("loss", loss, "seed", String.valueOf(seed)),
                "done",
                900 + 70 * n,
                5,
                390,
                121,
                1,
                "",
                "run"));
    results.add(
        new TrialResult(
            "t008",
            Map.of("loss", "bogus", "seed", "1"),
            "failed",
            Double.NaN,
            0,
            0,
            1,
            1,
            "bad",
            "run"));

    var files = Leaderboard.charts(spec, results, dir);

    assertEquals(
        java.util.List.of(dir.resolve("metric-vs-loss.png"), dir.resolve("metric-vs-seed.png")),
        files);
    for (Path f : files) {
      BufferedImage image = ImageIO.read(f.toFile());
      assertNotNull(image, f + " is not a PNG");
      assertEquals(640, image.getWidth());
      assertTrue(Files.size(f) > 1000, f + " is nearly empty");
    }
  }
}
