package dev.dcgan.train.options;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One row of the option table ({@link TrainOptions}): a typed training option.
 *
 * @param name the flag ({@code --name}), config.json key (in its group), sweep key and metadata key
 * @param group frozen on resume unless {@link OptionGroup#RUN}
 * @param codec reads and writes the value, with its valid range
 * @param defaultValue the value of a new run that does not give it (null: unset, the help says what
 *     that means)
 * @param ifAbsent what a config.json written before the option existed means by leaving it out
 * @param help what it does, for {@code --help}
 * @param defaultText the help's default, when the formatted default would not say it (e.g.
 *     "default: all" for 0); null: {@code default <value>}
 * @param note said after the default in the help (e.g. "0: none")
 * @param uses where it is used besides config.json
 * @param legacyKeys where config.json files of older versions kept it ({@code group.key} or a
 *     top-level key), tried in order after {@code group.name}
 */
public record Option<T>(
    String name,
    OptionGroup group,
    Codec<T> codec,
    T defaultValue,
    T ifAbsent,
    String help,
    String defaultText,
    String note,
    Set<Use> uses,
    List<String> legacyKeys) {

  public Option {
    uses = Set.copyOf(uses);
    legacyKeys = List.copyOf(legacyKeys);
  }

  /** Starts a row; the value older files mean when it is absent is its default unless told. */
  public static <T> Builder<T> of(String name, OptionGroup group, Codec<T> codec, T defaultValue) {
    return new Builder<>(name, group, codec, defaultValue);
  }

  public boolean usedIn(Use use) {
    return uses.contains(use);
  }

  /** Whether it may be unset (null): its default is. */
  public boolean nullable() {
    return defaultValue == null;
  }

  /** {@code --name}: how messages name it on the command line. */
  public String flag() {
    return "--" + name;
  }

  /** The usage line's text: the help, then the default and the note in parentheses. */
  public String helpWithDefault() {
    String d =
        defaultText != null
            ? defaultText
            : codec.isSwitch()
                ? (Boolean.TRUE.equals(defaultValue) ? "default: on" : "default: off")
                : "default " + codec.format(defaultValue);
    return help + " (" + d + (note == null ? "" : "; " + note) + ")";
  }

  /**
   * @throws IllegalArgumentException naming {@code where} if {@code value} is not one of this
   *     option's (null where it may not be unset, or out of range)
   */
  public T checked(String where, T value) {
    if (value == null) {
      if (nullable()) return null;
      throw new IllegalArgumentException(where + " must be set");
    }
    codec.check(where, value);
    return value;
  }

  /** Assembles a row of the table. */
  public static final class Builder<T> {
    private final String name;
    private final OptionGroup group;
    private final Codec<T> codec;
    private final T defaultValue;
    private T ifAbsent;
    private boolean ifAbsentSet;
    private String help = "";
    private String defaultText;
    private String note;
    private final Set<Use> uses = EnumSet.noneOf(Use.class);
    private List<String> legacyKeys = List.of();

    private Builder(String name, OptionGroup group, Codec<T> codec, T defaultValue) {
      this.name = name;
      this.group = group;
      this.codec = codec;
      this.defaultValue = defaultValue;
    }

    public Builder<T> help(String text) {
      help = text;
      return this;
    }

    /** The help's default in words, e.g. {@code "default: all"}. */
    public Builder<T> defaultText(String text) {
      defaultText = text;
      return this;
    }

    public Builder<T> note(String text) {
      note = text;
      return this;
    }

    /** What a config.json written before the option means by leaving it out. */
    public Builder<T> ifAbsent(T value) {
      ifAbsent = value;
      ifAbsentSet = true;
      return this;
    }

    public Builder<T> uses(Use first, Use... more) {
      uses.add(first);
      uses.addAll(List.of(more));
      return this;
    }

    /** Its places in the config.json of older versions ({@code network.latentSize}, ...). */
    public Builder<T> legacy(String... keys) {
      legacyKeys = List.of(keys);
      return this;
    }

    public Option<T> build() {
      return new Option<>(
          name,
          group,
          codec,
          defaultValue,
          ifAbsentSet ? ifAbsent : defaultValue,
          help,
          defaultText,
          note,
          uses,
          legacyKeys);
    }
  }
}
