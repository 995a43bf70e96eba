package dev.dcgan.train.options;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

/**
 * How one option's value is written and read: as text (a flag's argument, a sweep value) and as
 * JSON (config.json), with the option's valid range. The same check serves the CLI, config.json and
 * the sweep. {@code where} names the value in messages ({@code --epochs}, {@code grid.ndf}).
 *
 * @param <T> the value's type; null is never parsed (an option whose default is null is unset)
 */
public interface Codec<T> {
  /**
   * The value {@code text} stands for.
   *
   * @throws IllegalArgumentException one sentence naming {@code where}, if it is not a value or out
   *     of range
   */
  T parse(String where, String text);

  /** The text that {@link #parse} reads back as {@code value}. */
  String format(T value);

  /**
   * @throws IllegalArgumentException if {@code value} is out of range
   */
  void check(String where, T value);

  /** What a flag's argument is called in the usage, e.g. {@code N}. */
  String argName();

  /** A flag without a value (true when given). */
  default boolean isSwitch() {
    return false;
  }

  /** A real number (a sweep may draw it uniformly). */
  default boolean isReal() {
    return false;
  }

  /** A whole number (a sweep may draw it with {@code int}). */
  default boolean isWhole() {
    return false;
  }

  default JsonElement toJson(T value) {
    return new JsonPrimitive(format(value));
  }

  /**
   * The value of a JSON element: by default its text parsed. Codecs whose older files wrote another
   * form (an enum's constant name, an object) read that too.
   */
  default T fromJson(String where, JsonElement json) {
    if (!json.isJsonPrimitive())
      throw new IllegalArgumentException(where + " takes a single value, got " + json);
    return parse(where, json.getAsString());
  }
}
