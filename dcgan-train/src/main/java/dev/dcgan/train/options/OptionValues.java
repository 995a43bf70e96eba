package dev.dcgan.train.options;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value for every option of the table, each checked by its codec: what a training run is given.
 * Immutable; {@link #with} makes a changed copy.
 */
public final class OptionValues {
  private final Map<Option<?>, Object> values;

  private OptionValues(Map<Option<?>, Object> values) {
    this.values = values;
  }

  /** Every option at its default for new runs. */
  public static OptionValues defaults() {
    var m = new HashMap<Option<?>, Object>();
    for (var o : TrainOptions.ALL) m.put(o, o.defaultValue());
    return new OptionValues(m);
  }

  /** Every option at the value older files mean by leaving it out. */
  static OptionValues ifAbsent() {
    var m = new HashMap<Option<?>, Object>();
    for (var o : TrainOptions.ALL) m.put(o, o.ifAbsent());
    return new OptionValues(m);
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    return (T) values.get(option);
  }

  /**
   * This with {@code option} set to {@code value}.
   *
   * @throws IllegalArgumentException naming the option if the value is out of its range
   */
  public <T> OptionValues with(Option<T> option, T value) {
    option.checked(option.name(), value);
    var m = new HashMap<>(values);
    m.put(option, value);
    return new OptionValues(m);
  }

  /** This with the values of {@code group} taken from {@code other}. */
  public OptionValues withGroup(OptionGroup group, OptionValues other) {
    var m = new HashMap<>(values);
    for (var o : TrainOptions.of(group)) m.put(o, other.values.get(o));
    return new OptionValues(m);
  }

  /** The options whose values differ from {@code other}'s, in table order. */
  public List<Option<?>> differences(OptionValues other) {
    var d = new ArrayList<Option<?>>();
    for (var o : TrainOptions.ALL) {
      if (!java.util.Objects.equals(values.get(o), other.values.get(o))) d.add(o);
    }
    return d;
  }

  /** Name to value in table order, null for an unset option: for printing and tests. */
  public Map<String, Object> byName() {
    var m = new LinkedHashMap<String, Object>();
    for (var o : TrainOptions.ALL) m.put(o.name(), values.get(o));
    return Collections.unmodifiableMap(m);
  }

  /** The value of {@code option} as its flag would take it; null if unset. */
  public <T> String format(Option<T> option) {
    T v = get(option);
    return v == null ? null : option.codec().format(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OptionValues other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return byName().toString();
  }
}
