package dev.dcgan.spark;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.dcgan.train.options.Codec;
import dev.dcgan.train.options.Codecs;
import dev.dcgan.train.options.Option;
import dev.dcgan.train.options.OptionChecks;
import dev.dcgan.train.options.OptionValues;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.options.Use;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A sweep: {@code dcgan train} options fixed for every trial, a grid and/or a random search over
 * more of them, the budget (epochs per trial) and the metric. See docs/sweeps.md, which documents
 * every field.
 *
 * @param name names the sweep and the model it exports ({@code models/<name>/<n>/})
 * @param train options every trial gets, as {@code dcgan train} flags without the dashes
 * @param grid option to the values it takes; trials are every combination
 * @param random option to how it is drawn; {@code randomTrials} draws per grid point
 * @param epochs the budget: epochs each trial trains
 * @param metric "fcd" (lowest FCD in eval.csv) or "g_loss" (mean g_loss of the last epoch)
 * @param evalEvery epochs between evaluations (FCD), 0: none
 */
public record SweepSpec(
    String name,
    Map<String, String> train,
    Map<String, List<String>> grid,
    Map<String, Draw> random,
    int randomTrials,
    long randomSeed,
    int epochs,
    String metric,
    int evalEvery)
    implements java.io.Serializable {

  /**
   * The options of {@code dcgan train} a sweep may set or sweep: the option table's sweep rows
   * (every train option but the trial's own --run-dir and the spec's epochs and eval-every).
   */
  static final Set<String> TRAIN_OPTIONS =
      TrainOptions.usedIn(Use.SWEEP).stream()
          .map(Option::name)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Flags of {@code dcgan train} that take no value: "true" gives the flag, "false" omits it. */
  static final Set<String> SWITCHES =
      TrainOptions.usedIn(Use.SWEEP).stream()
          .filter(o -> o.codec().isSwitch())
          .map(Option::name)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  static final Set<String> METRICS = Set.of("fcd", "g_loss");

  /** How a random option is drawn: uniform or log-uniform in [min, max], or one of choices. */
  public record Draw(String kind, double min, double max, List<String> choices)
      implements java.io.Serializable {
    String sample(Random r) {
      return switch (kind) {
        case "uniform" -> number(min + (max - min) * r.nextDouble());
        case "log-uniform" ->
            number(Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * r.nextDouble()));
        case "int" ->
            Long.toString((long) min + (long) (r.nextDouble() * ((long) max - (long) min + 1)));
        default -> choices.get(r.nextInt(choices.size()));
      };
    }

    /** Four significant digits, plain: what a flag and a leaderboard show. */
    static String number(double v) {
      return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
  }

  public static SweepSpec read(Path file) throws IOException, SpecException {
    String text;
    try {
      text = Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new SpecException("--spec " + file + ": no such file");
    }
    try {
      var json = JsonParser.parseString(text);
      if (!json.isJsonObject()) throw new SpecException("not a JSON object");
      return parse(json.getAsJsonObject());
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      throw new SpecException("--spec " + file + ": " + e.getMessage());
    } catch (SpecException e) {
      throw new SpecException("--spec " + file + ": " + e.getMessage());
    }
  }

  static SweepSpec parse(JsonObject o) throws SpecException {
    for (String key : o.keySet()) {
      if (!Set.of("name", "train", "grid", "random", "epochs", "metric", "eval-every")
          .contains(key))
        throw new SpecException(
            "unknown field '"
                + key
                + "' (fields: name, train, grid, random, epochs, metric, eval-every)");
    }
    String name = o.has("name") ? o.get("name").getAsString() : "sweep";
    if (!name.matches("[A-Za-z0-9._-]+"))
      throw new SpecException("name '" + name + "': use letters, digits, '.', '_' and '-'");
    var train = new LinkedHashMap<String, String>();
    if (o.has("train")) {
      for (var e : o.getAsJsonObject("train").entrySet())
        train.put(option(e.getKey(), "train"), value(e.getKey(), e.getValue(), "train."));
    }
    var grid = new LinkedHashMap<String, List<String>>();
    if (o.has("grid")) {
      for (var e : o.getAsJsonObject("grid").entrySet()) {
        String key = option(e.getKey(), "grid");
        if (!e.getValue().isJsonArray() || e.getValue().getAsJsonArray().isEmpty())
          throw new SpecException("grid." + key + ": a non-empty list of values");
        var values = new ArrayList<String>();
        for (var v : e.getValue().getAsJsonArray()) values.add(value(key, v, "grid."));
        grid.put(key, values);
      }
    }
    var random = new LinkedHashMap<String, Draw>();
    int randomTrials = 0;
    long randomSeed = 0;
    if (o.has("random")) {
      var r = o.getAsJsonObject("random");
      randomTrials = r.has("trials") ? number(r.get("trials"), "random.trials", TRIALS) : 0;
      randomSeed =
          r.has("seed") ? number(r.get("seed"), "random.seed", TrainOptions.SEED.codec()) : 0;
      if (randomTrials < 1) throw new SpecException("random.trials: at least 1");
      if (!r.has("params")) throw new SpecException("random.params: the options to draw");
      for (var e : r.getAsJsonObject("params").entrySet())
        random.put(option(e.getKey(), "random.params"), draw(e.getKey(), e.getValue()));
    }
    for (String key : grid.keySet()) {
      if (train.containsKey(key) || random.containsKey(key))
        throw new SpecException(key + " is both swept and fixed (or drawn); give it once");
    }
    for (String key : random.keySet()) {
      if (train.containsKey(key)) throw new SpecException(key + " is both drawn and fixed");
    }
    int epochs =
        o.has("epochs") ? number(o.get("epochs"), "epochs", TrainOptions.EPOCHS.codec()) : 5;
    if (epochs < 1) throw new SpecException("epochs: at least 1");
    String metric = o.has("metric") ? o.get("metric").getAsString() : "fcd";
    if (!METRICS.contains(metric))
      throw new SpecException("metric '" + metric + "': fcd or g_loss");
    int evalEvery =
        o.has("eval-every")
            ? number(o.get("eval-every"), "eval-every", TrainOptions.EVAL_EVERY.codec())
            : 1;
    if (evalEvery < 0) throw new SpecException("eval-every: 0 (never) or more");
    if (metric.equals("fcd") && evalEvery == 0)
      throw new SpecException("metric fcd needs eval-every >= 1 (or metric g_loss)");
    var spec =
        new SweepSpec(
            name, train, grid, random, randomTrials, randomSeed, epochs, metric, evalEvery);
    // Each trial against the rules between options, as train checks its flags; a spec too large
    // to list (the sweep refuses it, or runs it only with --allow-many-trials) is not expanded
    // here: its trials meet the same rules when train starts them.
    if (spec.trialCount() <= RULES_CHECKED_UP_TO)
      for (var trial : spec.trials()) spec.checkRules(trial);
    return spec;
  }

  /** Specs of at most this many trials have each trial checked when they are read. */
  static final long RULES_CHECKED_UP_TO = 10_000;

  /** {@code random.trials}: a whole number, at least 1. */
  private static final Codec<Integer> TRIALS = Codecs.integer("N", 1);

  /** A spec field read by an option's codec: its range, and a clear word for a wrong kind. */
  private static <T> T number(JsonElement v, String where, Codec<T> codec) throws SpecException {
    if (!v.isJsonPrimitive()) throw new SpecException(where + ": a number");
    try {
      return codec.parse(where, v.getAsString());
    } catch (IllegalArgumentException e) {
      throw new SpecException(e.getMessage());
    }
  }

  /**
   * A value of option {@code key} in the spec, checked by the option's codec as {@code train}'s
   * flag would be; returned as the flag's text.
   */
  private static String value(String key, JsonElement v, String prefix) throws SpecException {
    String where = prefix + key;
    return check(key, scalar(v, where), where);
  }

  private static String check(String key, String text, String where) throws SpecException {
    try {
      TrainOptions.named(key).codec().parse(where, text);
      return text;
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new SpecException(m.startsWith(where) ? m : where + ": " + m);
    }
  }

  /**
   * The rules between options (--conditioning needs --conditional, ...) for one trial's options, as
   * {@code train} would apply them: a spec none of whose trials could start fails here.
   */
  private void checkRules(Trial trial) throws SpecException {
    var all = new LinkedHashMap<>(train);
    all.putAll(trial.params());
    var values = OptionValues.defaults();
    var given = new java.util.HashSet<Option<?>>();
    try {
      for (var e : all.entrySet()) {
        var row = TrainOptions.named(e.getKey());
        if (row.codec().isSwitch() && !Boolean.parseBoolean(e.getValue())) continue;
        values = withText(values, row, e.getValue());
        given.add(row);
      }
      OptionChecks.resolve(values, given);
    } catch (IllegalArgumentException e) {
      throw new SpecException("trial " + trial.id() + " " + trial.params() + ": " + e.getMessage());
    }
  }

  private static <T> OptionValues withText(OptionValues values, Option<T> row, String text) {
    return values.with(row, row.codec().parse(row.flag(), text));
  }

  private static String option(String key, String where) throws SpecException {
    if (!TRAIN_OPTIONS.contains(key))
      throw new SpecException(
          where
              + "."
              + key
              + ": not an option a sweep sets (one of "
              + String.join(", ", new java.util.TreeSet<>(TRAIN_OPTIONS))
              + "; epochs and eval-every are the sweep's own fields)");
    return key;
  }

  private static String scalar(JsonElement v, String where) throws SpecException {
    if (!v.isJsonPrimitive()) throw new SpecException(where + ": a number, string or boolean");
    return v.getAsString();
  }

  private static Draw draw(String key, JsonElement v) throws SpecException {
    if (!v.isJsonObject() || v.getAsJsonObject().size() != 1)
      throw new SpecException(
          "random.params."
              + key
              + ": one of {\"uniform\": [MIN, MAX]}, {\"log-uniform\": [MIN, MAX]}, {\"int\": [MIN,"
              + " MAX]}, {\"choice\": [A, B, ...]}");
    var e = v.getAsJsonObject().entrySet().iterator().next();
    String where = "random.params." + key + "." + e.getKey();
    if (!e.getValue().isJsonArray()) throw new SpecException(where + ": a list");
    var list = e.getValue().getAsJsonArray();
    if (e.getKey().equals("choice")) {
      var choices = new ArrayList<String>();
      for (var c : list) choices.add(value(key, c, "random.params."));
      if (choices.isEmpty()) throw new SpecException("random.params." + key + ": no choices");
      return new Draw("choice", 0, 0, choices);
    }
    if (!Set.of("uniform", "log-uniform", "int").contains(e.getKey()) || list.size() != 2)
      throw new SpecException("random.params." + key + ": uniform, log-uniform, int or choice");
    double min = bound(list.get(0), where, e.getKey()), max = bound(list.get(1), where, e.getKey());
    if (!(min <= max) || (e.getKey().equals("log-uniform") && min <= 0))
      throw new SpecException(
          "random.params." + key + ": need 0 < MIN <= MAX for log-uniform, MIN <= MAX otherwise");
    var codec = TrainOptions.named(key).codec();
    if (e.getKey().equals("int")) {
      if (min != Math.rint(min)
          || max != Math.rint(max)
          || Math.abs(min) > MAX_INT_BOUND
          || Math.abs(max) > MAX_INT_BOUND)
        throw new SpecException(
            where + ": int bounds are whole numbers between -2^53 and 2^53, got " + list);
      check(key, Long.toString((long) min), where);
      check(key, Long.toString((long) max), where);
    } else {
      if (!codec.isReal())
        throw new SpecException(
            where
                + ": "
                + e.getKey()
                + " draws real numbers, and "
                + key
                + " takes "
                + (codec.isWhole() ? "whole numbers: use int" : "other values: use choice"));
      check(key, Draw.number(min), where);
      check(key, Draw.number(max), where);
    }
    return new Draw(e.getKey(), min, max, List.of());
  }

  /**
   * The largest whole number a bound of an {@code int} draw may be: 2^53, up to which a double
   * holds every integer, so MAX - MIN + 1 neither rounds nor overflows.
   */
  static final double MAX_INT_BOUND = 0x1p53;

  /** A bound of a random range: a finite JSON number; a whole one within 2^53 for {@code int}. */
  private static double bound(JsonElement v, String where, String kind) throws SpecException {
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber())
      throw new SpecException(where + ": bounds are numbers, not " + v);
    double d;
    try {
      d = v.getAsDouble();
    } catch (NumberFormatException e) { // a number Gson reads leniently, e.g. NaN or Infinity
      throw new SpecException(where + ": bounds are finite numbers, not " + v);
    }
    if (!Double.isFinite(d))
      throw new SpecException(where + ": bounds are finite numbers, not " + v);
    if (kind.equals("int") && (d != Math.rint(d) || Math.abs(d) > MAX_INT_BOUND))
      throw new SpecException(
          where + ": bounds are whole numbers between -2^53 and 2^53, not " + v);
    return d;
  }

  /**
   * How many trials the spec makes: the grid's points times the random draws at each; saturates at
   * {@link Long#MAX_VALUE}, so a grid too large to list is still counted.
   */
  public long trialCount() {
    long n = Math.max(1, random.isEmpty() ? 1 : randomTrials);
    for (var values : grid.values()) {
      n = Math.multiplyHigh(n, values.size()) != 0 ? Long.MAX_VALUE : n * values.size();
      if (n < 0) n = Long.MAX_VALUE;
    }
    return n;
  }

  /**
   * This spec with its {@code data} paths (fixed, in the grid, or among random choices) made
   * absolute by {@code resolve}: a trial runs in its own folder, on any node, so a path relative to
   * where the sweep was started would not be found.
   */
  public SweepSpec withDataPaths(java.util.function.UnaryOperator<String> resolve) {
    var t = new LinkedHashMap<>(train);
    String data = TrainOptions.DATA_PATH.name();
    t.computeIfPresent(data, (k, v) -> resolve.apply(v));
    var g = new LinkedHashMap<>(grid);
    g.computeIfPresent(data, (k, v) -> v.stream().map(resolve).toList());
    var r = new LinkedHashMap<>(random);
    r.computeIfPresent(
        data,
        (k, d) -> new Draw(d.kind(), d.min(), d.max(), d.choices().stream().map(resolve).toList()));
    return new SweepSpec(name, t, g, r, randomTrials, randomSeed, epochs, metric, evalEvery);
  }

  /** The options swept (grid, then random), in the order of the spec: the leaderboard's columns. */
  public List<String> sweptOptions() {
    var keys = new ArrayList<>(grid.keySet());
    keys.addAll(random.keySet());
    return keys;
  }

  /**
   * Every trial: each grid combination (the last option varying fastest), and at each one {@code
   * randomTrials} draws, from a generator seeded by {@code random.seed}, so the list is the same
   * every time the spec is read (a resumed sweep finds its trials again).
   */
  public List<Trial> trials() {
    var points = new ArrayList<Map<String, String>>();
    points.add(new LinkedHashMap<>());
    for (var e : grid.entrySet()) {
      var next = new ArrayList<Map<String, String>>();
      for (var p : points) {
        for (String v : e.getValue()) {
          var q = new LinkedHashMap<>(p);
          q.put(e.getKey(), v);
          next.add(q);
        }
      }
      points = next;
    }
    var rng = new Random(randomSeed);
    var trials = new ArrayList<Trial>();
    for (var p : points) {
      for (int draw = 0; draw < Math.max(1, random.isEmpty() ? 1 : randomTrials); draw++) {
        var params = new LinkedHashMap<>(p);
        for (var e : random.entrySet()) params.put(e.getKey(), e.getValue().sample(rng));
        trials.add(new Trial(String.format(Locale.ROOT, "t%03d", trials.size()), params));
      }
    }
    return trials;
  }

  /** The {@code dcgan train} arguments of a trial (without --run-dir, --epochs and the like). */
  public List<String> trainArgs(Trial trial) {
    var all = new LinkedHashMap<>(train);
    all.putAll(trial.params());
    var args = new ArrayList<String>();
    for (var e : all.entrySet()) {
      if (SWITCHES.contains(e.getKey())) {
        if (Boolean.parseBoolean(e.getValue())) args.add("--" + e.getKey());
      } else {
        args.add("--" + e.getKey());
        args.add(e.getValue());
      }
    }
    return args;
  }

  /** A spec that cannot be run: the message names the field and what it takes. */
  public static final class SpecException extends Exception {
    public SpecException(String message) {
      super(message);
    }
  }
}
