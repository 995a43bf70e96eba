package dev.dcgan.inference;

import static dev.dcgan.inference.SavedModelContract.CONDITIONAL_FORMAT_VERSION;
import static dev.dcgan.inference.SavedModelContract.GENERATE;
import static dev.dcgan.inference.SavedModelContract.INPUT_CLASS;
import static dev.dcgan.inference.SavedModelContract.INPUT_LABELS;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_LABELS;
import static dev.dcgan.inference.SavedModelContract.SERVING_DEFAULT;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.tensorflow.Signature;
import org.tensorflow.proto.DataType;

/**
 * The classes of a class-conditional generator, or none for an unconditional one. The graph says
 * whether the model takes a class ({@code serving_default} has a {@code labels} input); the
 * metadata names the classes. Both must agree, so a model is never run with labels it does not
 * take, nor without labels it needs.
 *
 * @param names class names, index i for label i; empty for an unconditional generator
 */
record ModelClasses(List<String> names) {
  /** How many names an error message lists before it says "...". */
  private static final int LISTED_NAMES = 20;

  static final ModelClasses NONE = new ModelClasses(List.of());

  ModelClasses {
    names = List.copyOf(names);
  }

  boolean conditional() {
    return !names.isEmpty();
  }

  int count() {
    return names.size();
  }

  /**
   * Refuses metadata from a newer exporter before TensorFlow sees the model: its graph may need
   * inputs this library does not feed.
   */
  static void requireKnownFormat(Optional<ModelMetadata> metadata, Path version)
      throws ModelLoadException {
    if (metadata.isPresent() && metadata.get().formatVersion() > CONDITIONAL_FORMAT_VERSION) {
      throw new ModelLoadException(
          metadataFile(version)
              + " says model format version "
              + metadata.get().formatVersion()
              + ", but this dcgan-inference reads versions up to "
              + CONDITIONAL_FORMAT_VERSION
              + ": this library is too old for the model; upgrade dcgan-inference");
    }
  }

  /**
   * Whether the model is conditional and its class names, checked against each other.
   *
   * @param serving the {@code serving_default} signature
   * @param generate the {@code generate} signature, if the model has one
   */
  static ModelClasses resolve(
      Signature serving,
      Optional<Signature> generate,
      Optional<ModelMetadata> metadata,
      Path version)
      throws ModelLoadException {
    var labels = serving.getInputs().get(INPUT_LABELS);
    boolean graphConditional = labels != null;
    Path file = metadataFile(version);
    var meta = metadata.orElse(null);
    if (graphConditional) {
      requireInt64(labels, SERVING_DEFAULT, "input", INPUT_LABELS, version);
      // TF Java reads an unknown rank as a scalar shape, so rank 0 counts as unknown.
      if (labels.shape != null && labels.shape.numDimensions() > 1) {
        throw new ModelLoadException(
            "Signature '"
                + SERVING_DEFAULT
                + "' of "
                + version
                + ": input '"
                + INPUT_LABELS
                + "' has shape "
                + labels.shape
                + ", expected [-1], one label per row of z");
      }
      if (meta == null) {
        throw new ModelLoadException(
            "Signature '"
                + SERVING_DEFAULT
                + "' of "
                + version
                + " takes '"
                + INPUT_LABELS
                + "' (a class-conditional generator), but there is no "
                + file
                + " to name its classes; export the model again");
      }
      if (!meta.conditional()) {
        throw disagreement(
            file + " lists no classes", "takes '" + INPUT_LABELS + "'", version, "class-");
      }
      if (meta.formatVersion() != CONDITIONAL_FORMAT_VERSION) {
        throw disagreement(
            file
                + " says format version "
                + meta.formatVersion()
                + " (class-conditional models are version "
                + CONDITIONAL_FORMAT_VERSION
                + ")",
            "takes '" + INPUT_LABELS + "'",
            version,
            "class-");
      }
      if (generate.isPresent()) requireConditionalGenerate(generate.get(), version);
      return new ModelClasses(checkedNames(meta.classes(), file));
    }
    if (meta != null && meta.conditional()) {
      throw disagreement(
          file + " lists " + meta.classes().size() + " classes",
          "takes no '" + INPUT_LABELS + "'",
          version,
          "un");
    }
    if (meta != null && meta.formatVersion() == CONDITIONAL_FORMAT_VERSION) {
      throw disagreement(
          file
              + " says format version "
              + CONDITIONAL_FORMAT_VERSION
              + " (a class-conditional model)",
          "takes no '" + INPUT_LABELS + "'",
          version,
          "un");
    }
    if (generate.isPresent() && generate.get().getInputs().containsKey(INPUT_CLASS)) {
      throw new ModelLoadException(
          "Signature '"
              + GENERATE
              + "' of "
              + version
              + " takes '"
              + INPUT_CLASS
              + "', but '"
              + SERVING_DEFAULT
              + "' takes no '"
              + INPUT_LABELS
              + "': the two signatures disagree on whether the model is class-conditional;"
              + " export the model again");
    }
    return NONE;
  }

  private static ModelLoadException disagreement(
      String metadataSays, String graphDoes, Path version, String kind) {
    return new ModelLoadException(
        metadataSays
            + ", but signature '"
            + SERVING_DEFAULT
            + "' of "
            + version
            + " "
            + graphDoes
            + " (an "
            + kind
            + "conditional generator): the metadata and the graph disagree; export the model again");
  }

  private static void requireConditionalGenerate(Signature generate, Path version)
      throws ModelLoadException {
    boolean hasClass = generate.getInputs().containsKey(INPUT_CLASS);
    boolean hasLabels = generate.getOutputs().containsKey(OUTPUT_LABELS);
    if (!hasClass || !hasLabels) {
      throw new ModelLoadException(
          "Signature '"
              + GENERATE
              + "' of "
              + version
              + " of a class-conditional generator needs input '"
              + INPUT_CLASS
              + "' and output '"
              + OUTPUT_LABELS
              + "'; it has inputs "
              + generate.getInputs().keySet()
              + " and outputs "
              + generate.getOutputs().keySet()
              + "; export the model again");
    }
    requireInt64(generate.getInputs().get(INPUT_CLASS), GENERATE, "input", INPUT_CLASS, version);
    requireInt64(
        generate.getOutputs().get(OUTPUT_LABELS), GENERATE, "output", OUTPUT_LABELS, version);
  }

  private static void requireInt64(
      Signature.TensorDescription d, String signature, String kind, String name, Path version)
      throws ModelLoadException {
    if (d.dataType != DataType.DT_INT64) {
      throw new ModelLoadException(
          "Signature '"
              + signature
              + "' of "
              + version
              + ": "
              + kind
              + " '"
              + name
              + "' is "
              + d.dataType
              + ", expected DT_INT64 (int64)");
    }
  }

  /** Names must be non-blank and unique with case ignored, so {@link #indexOf} is unambiguous. */
  private static List<String> checkedNames(List<String> names, Path file)
      throws ModelLoadException {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || name.isBlank()) {
        throw new ModelLoadException(
            file + ": class " + i + " has no name; every class needs one, e.g. its folder's");
      }
      Integer before = seen.put(key(name), i);
      if (before != null) {
        throw new ModelLoadException(
            file
                + ": classes "
                + before
                + " and "
                + i
                + " are both named '"
                + SavedModelFile.printable(name)
                + "' (case ignored); class names must be unique");
      }
    }
    return names;
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The class a user named: a class name (case and surrounding spaces ignored) or an index. A name
   * wins over an index: with classes named "1", "10", "2" (folders sorted as text), "10" is class
   * 1, by its name.
   */
  int indexOf(String nameOrIndex, Path version) {
    if (!conditional()) throw notConditional(version, "has no classes");
    if (nameOrIndex == null) throw new IllegalArgumentException("class is null; " + known());
    String key = key(nameOrIndex);
    for (int i = 0; i < names.size(); i++) {
      if (key(names.get(i)).equals(key)) return i;
    }
    if (!key.isEmpty() && key.chars().allMatch(Character::isDigit) && key.length() < 10) {
      int index = Integer.parseInt(key);
      if (index < names.size()) return index;
    }
    throw new IllegalArgumentException(
        "unknown class '" + SavedModelFile.printable(nameOrIndex.strip()) + "'; " + known());
  }

  /** Throws unless {@code label} is a class, or -1 when {@code randomAllowed}. */
  void requireLabel(int label, boolean randomAllowed, Path version, String what) {
    if (!conditional()) throw notConditional(version, "takes no class");
    if (label >= 0 && label < names.size()) return;
    if (randomAllowed && label == DcganModel.RANDOM_CLASS) return;
    throw new IllegalArgumentException(
        what
            + " is "
            + label
            + ", not a class of this model"
            + (randomAllowed ? " nor -1 (random classes)" : "")
            + "; "
            + known());
  }

  /** "its classes are 0..9: 0=zero, 1=one, ...", bounded in length. */
  String known() {
    String listed =
        IntStream.range(0, Math.min(names.size(), LISTED_NAMES))
            .mapToObj(i -> i + "=" + SavedModelFile.printable(names.get(i)))
            .collect(Collectors.joining(", "));
    if (names.size() > LISTED_NAMES) listed += ", ... (" + names.size() + " in all)";
    return "its classes are 0.." + (names.size() - 1) + ": " + listed;
  }

  static IllegalArgumentException notConditional(Path version, String what) {
    return new IllegalArgumentException(
        "model "
            + version
            + " is not class-conditional: it "
            + what
            + "; generate without a class or labels");
  }

  private static Path metadataFile(Path version) {
    return version
        .resolve(SavedModelContract.ASSETS_EXTRA)
        .resolve(SavedModelContract.METADATA_FILE);
  }
}
