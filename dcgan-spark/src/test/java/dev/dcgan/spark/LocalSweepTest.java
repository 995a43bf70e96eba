package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.ModelMetadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep of 4 trials on local[2]: one trial's process is killed mid-run (halted as by kill -9 as
 * it writes its second checkpoint) and must be retried by Spark and resumed to the losses of its
 * twin that was never killed; two trials fail for a real reason (an unknown loss) and are recorded
 * so; then the sweep is resumed and reruns only the trial whose result was removed.
 */
class LocalSweepTest {
  @TempDir Path tmp;

  @Test
  void killedTrialResumesFailedTrialsAreRecordedAndTheSweepResumes() throws Exception {
    // keep (checkpoints kept) changes nothing of the training: t000 and t001 are twins; dcgan
    // draws only square sides of 2^k, so on 28x28 MNIST t002 and t003 fail when they start.
    var spec =
        SweepTestSupport.spec(
            "local", "{\"arch\": [\"tutorial\", \"dcgan\"], \"keep\": [2, 3]}", 3);
    Path out = tmp.resolve("sweep");
    Path models = tmp.resolve("models");
    var sweep =
        new Sweep(
            spec,
            out,
            "local[2]",
            models,
            SweepTestSupport.jvm(),
            SweepTestSupport.conf(),
            Map.of("t000", List.of("-Ddcgan.crashAt=checkpoint:2")));
    var log = new ByteArrayOutputStream();
    var outcome = sweep.run(new PrintStream(log, true, StandardCharsets.UTF_8));
    String printed = log.toString(StandardCharsets.UTF_8);

    var byId = new java.util.HashMap<String, TrialResult>();
    outcome.results().forEach(r -> byId.put(r.trial(), r));
    assertEquals(
        List.of("t000", "t001", "t002", "t003"),
        outcome.results().stream().map(TrialResult::trial).toList());
    var killed = byId.get("t000");
    var twin = byId.get("t001");
    assertTrue(killed.done(), printed);
    assertEquals(2, killed.attempts(), "the killed trial ran again: " + killed);
    assertEquals(1, twin.attempts());
    String trainLog = Files.readString(out.resolve("trials/t000/train.log"));
    assertTrue(trainLog.contains("== attempt 2 (resuming)"), trainLog);
    assertEquals(
        Files.readAllLines(out.resolve("trials/t001/run/losses.csv")),
        Files.readAllLines(out.resolve("trials/t000/run/losses.csv")),
        "the resumed trial's losses are those of its uninterrupted twin");
    assertEquals(3 * 8 + 1, Files.readAllLines(out.resolve("trials/t000/run/losses.csv")).size());
    assertEquals(twin.metric(), killed.metric(), 1e-9);
    for (String id : List.of("t002", "t003")) {
      var failed = byId.get(id);
      assertFalse(failed.done());
      assertTrue(failed.reason().contains("architecture needs"), failed.reason());
    }
    assertTrue(printed.contains("| done 2 | failed 2 |"), printed);

    // The results as files: Parquet and CSV through Spark, the leaderboard, a chart per option.
    try (var spark =
        SparkSession.builder()
            .master("local[1]")
            .config("spark.ui.enabled", "false")
            .getOrCreate()) {
      var df = spark.read().parquet(out.resolve("results.parquet").toString());
      assertEquals(4, df.count());
      assertEquals(2, df.filter("status = 'failed'").count());
      assertEquals(
          4,
          spark.read().option("header", "true").csv(out.resolve("results.csv").toString()).count());
    }
    String board = Files.readString(out.resolve("leaderboard.md"));
    assertTrue(board.contains("| 1 | t00"), board);
    assertTrue(board.contains("architecture needs"), board);
    assertTrue(Files.size(out.resolve("metric-vs-arch.png")) > 0);
    assertTrue(Files.size(out.resolve("metric-vs-keep.png")) > 0);

    // The best exported, with its sweep and trial in the metadata.
    assertEquals(models.resolve("1").toAbsolutePath(), outcome.exported().toAbsolutePath());
    var meta = ModelMetadata.read(outcome.exported());
    String json = meta.toJson();
    assertTrue(json.contains("\"trial\": \"" + outcome.best().trial() + "\""), json);
    assertTrue(json.contains("\"name\": \"local\""), json);

    // Resumed: the finished trials are not rerun; the one whose result is gone is.
    Files.delete(out.resolve("trials/t003/result.json"));
    long before = Files.getLastModifiedTime(out.resolve("trials/t000/run/losses.csv")).toMillis();
    var again = new ByteArrayOutputStream();
    var resumed =
        new Sweep(
                spec,
                out,
                "local[2]",
                models,
                SweepTestSupport.jvm(),
                SweepTestSupport.conf(),
                Map.of())
            .run(new PrintStream(again, true, StandardCharsets.UTF_8));
    String printedAgain = again.toString(StandardCharsets.UTF_8);
    assertTrue(printedAgain.contains("4 trials, 3 finished before, 1 to run"), printedAgain);
    assertEquals(
        before, Files.getLastModifiedTime(out.resolve("trials/t000/run/losses.csv")).toMillis());
    assertFalse(Files.readString(out.resolve("trials/t000/train.log")).contains("== attempt 3"));
    assertEquals(
        2, Files.readString(out.resolve("trials/t003/train.log")).split("== attempt 1").length - 1);
    assertEquals(outcome.best().trial(), resumed.best().trial());
    assertEquals(outcome.exported(), resumed.exported(), "the same best is not exported twice");
    assertFalse(Files.exists(models.resolve("2")));
  }
}
