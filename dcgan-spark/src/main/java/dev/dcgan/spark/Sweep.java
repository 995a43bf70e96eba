package dev.dcgan.spark;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.dcgan.train.training.RunLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One sweep on Spark: the trials not yet finished in {@code out} as one task each, then the results
 * (Parquet, CSV, leaderboard, charts) and the best trial exported.
 *
 * <p>{@code out} is on storage every node sees at the same path (a shared file system on a
 * cluster): each trial's task trains into {@code out/trials/<id>/run/} and writes its {@code
 * result.json} there, and a resumed sweep reads them back.
 *
 * @param master Spark's master URL, or null for the one spark-submit (or spark.master) gives
 * @param exportBase the model folder the best trial goes to ({@code <exportBase>/<n>/}), or null
 *     for no export
 * @param sparkConf more Spark settings (--conf KEY=VALUE)
 */
public record Sweep(
    SweepSpec spec,
    Path out,
    String master,
    Path exportBase,
    ChildJvm jvm,
    Map<String, String> sparkConf,
    Map<String, List<String>> firstAttemptOptions) {

  static final String SPEC_COPY = "sweep.json";
  static final String BEST = "best.json";

  /** What the sweep came to. {@code exported} is null when nothing was exported. */
  public record Outcome(List<TrialResult> results, TrialResult best, Path exported) {}

  public Outcome run(PrintStream log) throws Exception {
    Path dir = out.toAbsolutePath().normalize();
    // One sweep per folder: a second one (the same command started twice, a retried driver) would
    // run the same trials and write over their results.
    try (var lock = RunLock.acquire(dir, RunLock.Kind.SWEEP)) {
      claim(dir);
      return run(dir, log);
    }
  }

  private Outcome run(Path dir, PrintStream log) throws Exception {
    var trials = spec.trials();
    var pending = new ArrayList<Trial>();
    for (var t : trials) {
      if (TrialResult.read(TrialRunner.trialDir(dir.toString(), t.id())) == null) pending.add(t);
    }
    log.printf(
        "sweep %s: %d trials, %d finished before, %d to run; %s%n",
        spec.name(), trials.size(), trials.size() - pending.size(), pending.size(), dir);
    var builder = SparkSession.builder().appName("dcgan sweep " + spec.name());
    builder.config("spark.ui.showConsoleProgress", "false");
    sparkConf.forEach(builder::config);
    if (master != null) builder.master(withRetries(master, maxAttempts(sparkConf)));
    try (var spark = builder.getOrCreate()) {
      int attempts = spark.sparkContext().conf().getInt("spark.task.maxFailures", 4);
      if (!pending.isEmpty()) {
        var runner = new TrialRunner(spec, dir.toString(), jvm, attempts, firstAttemptOptions);
        var jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var table = new LiveTable(spark.sparkContext(), dir, trials, spec.metric(), log);
        try {
          jsc.parallelize(pending, pending.size())
              .map(t -> runner.run(t, TaskContext.get().attemptNumber(), cpus(), gpus()))
              .collect();
        } finally {
          table.close(); // its last line: the state at the end
        }
      }
      var results = new ArrayList<TrialResult>();
      for (var t : trials)
        results.add(TrialResult.read(TrialRunner.trialDir(dir.toString(), t.id())));
      save(spark, results, dir);
      Files.writeString(dir.resolve("leaderboard.md"), Leaderboard.markdown(spec, results));
      Leaderboard.charts(spec, results, dir);
      log.print(Leaderboard.markdown(spec, results));
      var best =
          results.stream()
              .filter(TrialResult::done)
              .min(java.util.Comparator.comparingDouble(TrialResult::metric))
              .orElse(null);
      Path exported = best == null || exportBase == null ? null : export(best, dir, log);
      log.println(
          "results: "
              + dir.resolve("leaderboard.md")
              + ", "
              + dir.resolve("results.parquet")
              + ", "
              + dir.resolve("results.csv"));
      if (best == null) log.println("no trial finished: nothing to export");
      return new Outcome(results, best, exported);
    }
  }

  /** The sweep folder holds this sweep (or none yet): a resumed sweep must be the same one. */
  private void claim(Path dir) throws IOException, SweepSpec.SpecException {
    String json = new GsonBuilder().setPrettyPrinting().create().toJson(spec) + "\n";
    Path copy = dir.resolve(SPEC_COPY);
    if (Files.isRegularFile(copy)) {
      if (!Files.readString(copy).equals(json))
        throw new SweepSpec.SpecException(
            "--out "
                + dir
                + " holds another sweep ("
                + copy
                + " differs from this spec); resume it with the same spec, or choose another"
                + " --out");
    } else {
      Files.writeString(copy, json);
    }
  }

  private static int maxAttempts(Map<String, String> conf) {
    return Integer.parseInt(conf.getOrDefault("spark.task.maxFailures", "4"));
  }

  private static final Pattern LOCAL = Pattern.compile("local(\\[([0-9]+|\\*)])?");

  /**
   * Spark's local mode tries a task once unless the master says otherwise: {@code local[2]} becomes
   * {@code local[2,4]}, so that a trial whose process dies is retried there too.
   */
  static String withRetries(String master, int attempts) {
    var m = LOCAL.matcher(master);
    if (!m.matches()) return master;
    String threads = m.group(2) == null ? "1" : m.group(2);
    return "local[" + threads + "," + attempts + "]";
  }

  private static int cpus() {
    return TaskContext.get().cpus();
  }

  /** The GPUs Spark gave this task (spark.task.resource.gpu.amount), if any. */
  private static List<String> gpus() {
    var gpu = TaskContext.get().resourcesJMap().get("gpu");
    return gpu == null ? List.of() : Arrays.asList(gpu.addresses());
  }

  /** The results as a DataFrame: {@code results.parquet} and {@code results.csv} (one part). */
  private void save(SparkSession spark, List<TrialResult> results, Path dir) {
    var fields = new ArrayList<StructField>();
    fields.add(DataTypes.createStructField("trial", DataTypes.StringType, false));
    for (String o : spec.sweptOptions())
      fields.add(DataTypes.createStructField(o, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField("status", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField(spec.metric(), DataTypes.DoubleType, true));
    fields.add(DataTypes.createStructField("epoch", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("step", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("seconds", DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField("attempts", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("reason", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("run_dir", DataTypes.StringType, false));
    var rows = new ArrayList<Row>();
    for (var r : results) {
      var v = new ArrayList<Object>();
      v.add(r.trial());
      for (String o : spec.sweptOptions()) v.add(r.params().get(o));
      v.add(r.status());
      v.add(r.done() ? r.metric() : null);
      v.addAll(List.of(r.epoch(), r.step(), r.seconds(), r.attempts(), r.reason(), r.runDir()));
      rows.add(RowFactory.create(v.toArray()));
    }
    var df = spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
    df.coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(dir.resolve("results.parquet").toUri().toString());
    df.coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        .csv(dir.resolve("results.csv").toUri().toString());
  }

  /**
   * {@code dcgan export} of the best trial (its best checkpoint for FCD) in a child JVM, with the
   * sweep and trial in the model's metadata; once per best trial, so a resumed sweep that found no
   * better one exports nothing new.
   */
  private Path export(TrialResult best, Path dir, PrintStream log) throws Exception {
    Path record = dir.resolve(BEST);
    if (Files.isRegularFile(record)) {
      var prior =
          com.google.gson.JsonParser.parseString(Files.readString(record)).getAsJsonObject();
      if (prior.get("trial").getAsString().equals(best.trial())) {
        log.println(
            "best trial "
                + best.trial()
                + " was exported before: "
                + prior.get("model").getAsString());
        return Path.of(prior.get("model").getAsString());
      }
    }
    var meta = new JsonObject();
    var sweep = new JsonObject();
    sweep.addProperty("name", spec.name());
    sweep.addProperty("folder", dir.toString());
    sweep.addProperty("trial", best.trial());
    sweep.addProperty("metric", spec.metric());
    sweep.addProperty("value", best.metric());
    sweep.addProperty("epoch", best.epoch());
    var params = new JsonObject();
    spec.train().forEach(params::addProperty);
    best.params().forEach(params::addProperty);
    sweep.add("options", params);
    meta.add("sweep", sweep);
    Path metaFile = dir.resolve("best-metadata.json");
    Files.writeString(metaFile, meta + "\n");
    var args = new ArrayList<>(List.of("export", "--checkpoint", best.runDir()));
    if (spec.metric().equals("fcd")) args.add("--best");
    args.addAll(
        List.of(
            "--out", exportBase.toAbsolutePath().toString(), "--metadata", metaFile.toString()));
    var pb =
        new ProcessBuilder(jvm.command(List.of(), "dev.dcgan.train.cli.Main", args))
            .redirectErrorStream(true);
    jvm.environment(pb.environment());
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes());
    int exit = p.waitFor();
    if (exit != 0)
      throw new IOException(
          "exporting the best trial " + best.trial() + " failed (exit " + exit + "):\n" + output);
    var m = Pattern.compile("exported .* -> (\\S+)").matcher(output);
    if (!m.find()) throw new IOException("export printed no model folder:\n" + output);
    Path model = Path.of(m.group(1));
    var rec = new JsonObject();
    rec.addProperty("trial", best.trial());
    rec.addProperty("model", model.toString());
    Files.writeString(record, rec + "\n");
    log.println("best trial " + best.trial() + " exported to " + model);
    return model;
  }
}
