package dev.dcgan.train.options;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Set;

/**
 * config.json as the option table writes it, and the one reader for every shape the project ever
 * wrote.
 *
 * <pre>
 *   {"data": {"data": "data/mnist", "format": null, ...}, "network": {"latent": 100, ...},
 *    "optimisation": {...}, "run": {...}}
 * </pre>
 *
 * Each option is looked up at {@code group.name}, then at its {@link Option#legacyKeys()} (the
 * grouped records of earlier versions, {@code network.latentSize}, and the flat file before them,
 * {@code latentSize}); an option found nowhere has the value older files meant by leaving it out
 * ({@link Option#ifAbsent()}). In those older files a 0 where the option takes no 0 stood for the
 * default (the flat file's widths and summary interval).
 */
public final class ConfigFile {
  private ConfigFile() {}

  /** Unset options are written as null, so that a reader never takes them for absent ones. */
  private static final Gson GSON =
      new GsonBuilder()
          .setPrettyPrinting()
          .serializeNulls()
          .serializeSpecialFloatingPointValues()
          .create();

  public static JsonObject toJsonObject(OptionValues values) {
    var root = new JsonObject();
    for (var group : OptionGroup.values()) {
      var g = new JsonObject();
      for (var o : TrainOptions.of(group)) g.add(o.name(), json(o, values));
      root.add(group.key(), g);
    }
    return root;
  }

  public static String toJson(OptionValues values) {
    return GSON.toJson(toJsonObject(values)) + "\n";
  }

  private static <T> JsonElement json(Option<T> o, OptionValues values) {
    T v = values.get(o);
    return v == null ? JsonNull.INSTANCE : o.codec().toJson(v);
  }

  /**
   * The values a config.json of any version holds, checked as a new run's are.
   *
   * @throws IllegalArgumentException naming the option whose value is bad
   */
  public static OptionValues read(JsonObject root) {
    var values = OptionValues.ifAbsent();
    for (var o : TrainOptions.ALL) values = read(root, o, values);
    return OptionChecks.resolve(values, Set.of());
  }

  private static <T> OptionValues read(JsonObject root, Option<T> o, OptionValues values) {
    JsonElement e = find(root, o.group().key() + "." + o.name());
    boolean legacy = e == null;
    for (var it = o.legacyKeys().iterator(); e == null && it.hasNext(); ) e = find(root, it.next());
    if (e == null) return values; // written before the option: its ifAbsent value
    if (e.isJsonNull()) return o.nullable() ? values.with(o, null) : values;
    T v;
    try {
      v = o.codec().fromJson(o.name(), e);
      o.codec().check(o.name(), v);
    } catch (IllegalArgumentException bad) {
      if (legacy && isZero(e)) return values; // an older file's 0 for "the default"
      throw bad;
    } catch (RuntimeException notAValue) { // e.g. an older form (an object) with a field missing
      throw new IllegalArgumentException(o.name() + " takes " + o.codec().argName() + ", got " + e);
    }
    return values.with(o, v);
  }

  private static boolean isZero(JsonElement e) {
    return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && e.getAsDouble() == 0;
  }

  /** The element at a dotted path, or null if any step is missing or not an object. */
  private static JsonElement find(JsonObject root, String path) {
    JsonElement e = root;
    for (String key : path.split("\\.")) {
      if (!e.isJsonObject() || !e.getAsJsonObject().has(key)) return null;
      e = e.getAsJsonObject().get(key);
    }
    return e;
  }
}
