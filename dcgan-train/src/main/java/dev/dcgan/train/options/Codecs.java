package dev.dcgan.train.options;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The codecs of the option table: whole numbers, real numbers, switches, text and choices. */
public final class Codecs {
  private Codecs() {}

  /** A whole number of at least {@code min}. */
  public static Codec<Integer> integer(String argName, int min) {
    return new Whole(argName, min, Integer.MAX_VALUE, null, null);
  }

  /**
   * A whole number of at least {@code min}, or {@code unset} (0 for "the default", e.g. all
   * images): files and flags may give the unset value as well.
   */
  public static Codec<Integer> integerOrUnset(String argName, int min, int unset) {
    return new Whole(argName, min, Integer.MAX_VALUE, unset, null);
  }

  /** One of a few whole numbers, or {@code unset}. */
  public static Codec<Integer> oneOf(String argName, Set<Integer> allowed, int unset) {
    return new Whole(argName, Integer.MIN_VALUE, Integer.MAX_VALUE, unset, Set.copyOf(allowed));
  }

  /** A 64-bit whole number of at least {@code min}. */
  public static Codec<Long> longInteger(String argName, long min) {
    return new Long64(argName, min);
  }

  /**
   * A float in a range; {@code minIncluded}: whether {@code min} itself is allowed ({@code max}
   * never is).
   */
  public static Codec<Float> real(String argName, float min, boolean minIncluded, float max) {
    return new Real(argName, min, minIncluded, max);
  }

  public static Codec<Boolean> onOff() {
    return Switch.INSTANCE;
  }

  /** Any text but blank. */
  public static Codec<String> text(String argName) {
    return new Text(argName);
  }

  /**
   * One of an enum's values, read by {@code parse} (which throws its own message for a name it does
   * not know) and written by {@code id}. Older config.json files wrote the constant's name
   * (NON_SATURATING): read as its id (non-saturating).
   */
  public static <E extends Enum<E>> Codec<E> choice(
      String argName, Function<String, E> parse, Function<E, String> id) {
    return new Choice<>(argName, parse, id);
  }

  /**
   * A value with its own text form: {@code parse} returns null or throws for text that is not one.
   * {@code fromObject} reads the JSON object an older config.json wrote for it (null: none did).
   */
  public static <T> Codec<T> parsed(
      String argName,
      Function<String, T> parse,
      Function<T, String> format,
      Function<JsonObject, T> fromObject) {
    return new Parsed<>(argName, parse, format, fromObject);
  }

  private record Whole(String argName, int min, int max, Integer unset, Set<Integer> allowed)
      implements Codec<Integer> {
    @Override
    public Integer parse(String where, String text) {
      String s = text.strip();
      int v;
      try {
        v = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        if (isBigInteger(s))
          throw new IllegalArgumentException(
              where + " must be at most " + Integer.MAX_VALUE + ", got " + s);
        throw new IllegalArgumentException(where + " takes a whole number, got '" + text + "'");
      }
      check(where, v);
      return v;
    }

    @Override
    public void check(String where, Integer v) {
      if (unset != null && v.intValue() == unset) return;
      if (allowed != null) {
        if (!allowed.contains(v))
          throw new IllegalArgumentException(where + " must be " + list(allowed) + ", got " + v);
        return;
      }
      if (v < min)
        throw new IllegalArgumentException(where + " must be at least " + min + ", got " + v);
      if (v > max)
        throw new IllegalArgumentException(where + " must be at most " + max + ", got " + v);
    }

    private static String list(Set<Integer> allowed) {
      var sorted = new TreeSet<>(allowed).stream().map(String::valueOf).toList();
      return String.join(", ", sorted.subList(0, sorted.size() - 1))
          + " or "
          + sorted.get(sorted.size() - 1);
    }

    @Override
    public String format(Integer value) {
      return value.toString();
    }

    @Override
    public boolean isWhole() {
      return true;
    }

    @Override
    public JsonElement toJson(Integer value) {
      return new JsonPrimitive(value);
    }
  }

  private record Long64(String argName, long min) implements Codec<Long> {
    @Override
    public Long parse(String where, String text) {
      String s = text.strip();
      long v;
      try {
        v = Long.parseLong(s);
      } catch (NumberFormatException e) {
        if (isBigInteger(s))
          throw new IllegalArgumentException(
              where
                  + " must be between "
                  + Long.MIN_VALUE
                  + " and "
                  + Long.MAX_VALUE
                  + ", got "
                  + s);
        throw new IllegalArgumentException(where + " takes a whole number, got '" + text + "'");
      }
      check(where, v);
      return v;
    }

    @Override
    public void check(String where, Long v) {
      if (v < min)
        throw new IllegalArgumentException(where + " must be at least " + min + ", got " + v);
    }

    @Override
    public String format(Long value) {
      return value.toString();
    }

    @Override
    public boolean isWhole() {
      return true;
    }

    @Override
    public JsonElement toJson(Long value) {
      return new JsonPrimitive(value);
    }
  }

  private static boolean isBigInteger(String s) {
    try {
      new BigInteger(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private record Real(String argName, float min, boolean minIncluded, float max)
      implements Codec<Float> {
    @Override
    public Float parse(String where, String text) {
      float v;
      try {
        v = Float.parseFloat(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + " takes a number, got '" + text + "'");
      }
      if (!inRange(v)) throw outOfRange(where, text.strip());
      return v;
    }

    @Override
    public void check(String where, Float v) {
      if (!inRange(v)) throw outOfRange(where, Float.toString(v));
    }

    private boolean inRange(float v) {
      return (minIncluded ? v >= min : v > min) && v < max;
    }

    private IllegalArgumentException outOfRange(String where, String got) {
      String range =
          minIncluded
              ? " (" + number(min) + " included, " + number(max) + " excluded)"
              : " (exclusive)";
      return new IllegalArgumentException(
          where
              + " must be between "
              + number(min)
              + " and "
              + number(max)
              + range
              + ", got "
              + got);
    }

    /** 0 and 1, not 0.0 and 1.0. */
    private static String number(float v) {
      if (Float.isInfinite(v)) return "infinity";
      return v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v);
    }

    @Override
    public String format(Float value) {
      return value.toString();
    }

    @Override
    public boolean isReal() {
      return true;
    }

    @Override
    public JsonElement toJson(Float value) {
      return new JsonPrimitive(value);
    }
  }

  private enum Switch implements Codec<Boolean> {
    INSTANCE;

    @Override
    public Boolean parse(String where, String text) {
      return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default ->
            throw new IllegalArgumentException(where + " takes true or false, got '" + text + "'");
      };
    }

    @Override
    public String format(Boolean value) {
      return value.toString();
    }

    @Override
    public void check(String where, Boolean value) {}

    @Override
    public String argName() {
      return "";
    }

    @Override
    public boolean isSwitch() {
      return true;
    }

    @Override
    public JsonElement toJson(Boolean value) {
      return new JsonPrimitive(value);
    }
  }

  private record Text(String argName) implements Codec<String> {
    @Override
    public String parse(String where, String text) {
      check(where, text);
      return text;
    }

    @Override
    public void check(String where, String value) {
      if (value.isBlank()) throw new IllegalArgumentException(where + " must not be empty");
    }

    @Override
    public String format(String value) {
      return value;
    }
  }

  private record Choice<E extends Enum<E>>(
      String argName, Function<String, E> parser, Function<E, String> id) implements Codec<E> {
    @Override
    public E parse(String where, String text) {
      return parser.apply(text.strip());
    }

    @Override
    public E fromJson(String where, JsonElement json) {
      if (!json.isJsonPrimitive())
        throw new IllegalArgumentException(where + " takes a single value, got " + json);
      String s = json.getAsString();
      try {
        return parser.apply(s);
      } catch (IllegalArgumentException e) {
        // config.json of an older version: the constant's name (BATCH_NORM for batch-norm)
        return parser.apply(s.replace('_', '-'));
      }
    }

    @Override
    public String format(E value) {
      return id.apply(value);
    }

    @Override
    public void check(String where, E value) {}
  }

  private record Parsed<T>(
      String argName,
      Function<String, T> parser,
      Function<T, String> formatter,
      Function<JsonObject, T> fromObject)
      implements Codec<T> {
    @Override
    public T parse(String where, String text) {
      T v = parser.apply(text.strip());
      if (v == null)
        throw new IllegalArgumentException(where + " takes " + argName + ", got '" + text + "'");
      return v;
    }

    @Override
    public T fromJson(String where, JsonElement json) {
      if (json.isJsonObject() && fromObject != null)
        return fromObject.apply(json.getAsJsonObject());
      return Codec.super.fromJson(where, json);
    }

    @Override
    public String format(T value) {
      return formatter.apply(value);
    }

    @Override
    public void check(String where, T value) {}
  }
}
