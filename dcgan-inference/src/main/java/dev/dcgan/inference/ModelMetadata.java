package dev.dcgan.inference;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an exported generator says about itself, stored as JSON in the model's {@code
 * assets.extra/dcgan.json}. Shapes here repeat what the signature says; the signature wins. Build
 * one with {@link #builder()}.
 *
 * @param formatVersion {@link SavedModelContract#FORMAT_VERSION} at export time
 * @param latentSize width of z
 * @param height image height
 * @param width image width
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param valueMin smallest value of the {@code images} output (0)
 * @param valueMax largest value of the {@code images} output (1)
 * @param dataset the data set trained on, e.g. {@code mnist}
 * @param architecture the generator family, e.g. {@code tutorial}
 * @param epochs completed epochs at export
 * @param steps generator updates at export
 * @param seed the training seed
 * @param exportedAt ISO-8601 instant of export
 * @param projectVersion the dcgan version that exported it
 * @param classes a conditional generator's class names, index i for label i; null or absent for an
 *     unconditional one
 * @param extra free-form additions (evaluation results, for instance)
 * @param precision what the graph's convolutions and matrix products compute in: {@code fp32} or
 *     {@code bf16} (inputs and outputs are float32 either way); {@code fp32} for metadata written
 *     before it
 */
public record ModelMetadata(
    int formatVersion,
    int latentSize,
    int height,
    int width,
    int channels,
    float valueMin,
    float valueMax,
    String dataset,
    String architecture,
    double epochs,
    long steps,
    long seed,
    String exportedAt,
    String projectVersion,
    java.util.List<String> classes,
    Map<String, Object> extra,
    String precision) {

  /** The precision of a graph that computes in float32 throughout. */
  public static final String FP32 = "fp32";

  public ModelMetadata {
    if (precision == null) precision = FP32; // metadata written before it
  }

  /**
   * A float32 model.
   *
   * @deprecated build metadata with {@link #builder()}, the one way that names each value; this
   *     constructor stays for code written before {@code precision}
   */
  @Deprecated(since = "0.1.0")
  public ModelMetadata(
      int formatVersion,
      int latentSize,
      int height,
      int width,
      int channels,
      float valueMin,
      float valueMax,
      String dataset,
      String architecture,
      double epochs,
      long steps,
      long seed,
      String exportedAt,
      String projectVersion,
      java.util.List<String> classes,
      Map<String, Object> extra) {
    this(
        formatVersion,
        latentSize,
        height,
        width,
        channels,
        valueMin,
        valueMax,
        dataset,
        architecture,
        epochs,
        steps,
        seed,
        exportedAt,
        projectVersion,
        classes,
        extra,
        FP32);
  }

  /** Whether the model takes a class (its metadata lists classes). */
  public boolean conditional() {
    return classes != null && !classes.isEmpty();
  }

  // extra's numbers read back as whole numbers where they are (Gson's default makes every one a
  // double).
  private static final Gson GSON =
      new GsonBuilder()
          .setPrettyPrinting()
          .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
          .create();

  public String toJson() {
    return GSON.toJson(this);
  }

  public static ModelMetadata fromJson(String json) {
    try {
      var m = GSON.fromJson(json, ModelMetadata.class);
      if (m == null) throw new IllegalArgumentException("empty metadata");
      return m;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("not valid metadata JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code assets.extra/dcgan.json} of a model version folder: a regular file of at most a
   * megabyte, read without following a link (a pipe or a device would block or never end).
   */
  public static ModelMetadata read(Path modelDir) throws IOException {
    Path file =
        modelDir.resolve(SavedModelContract.ASSETS_EXTRA).resolve(SavedModelContract.METADATA_FILE);
    try {
      byte[] bytes = ModelFiles.readRegular(file, ModelFiles.MAX_METADATA_BYTES);
      return fromJson(
          StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": not valid metadata JSON: not UTF-8 text", e);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public ModelMetadata withExtra(Map<String, Object> more) {
    var merged = new java.util.LinkedHashMap<String, Object>();
    if (extra != null) merged.putAll(extra);
    merged.putAll(more);
    return new ModelMetadata(
        formatVersion,
        latentSize,
        height,
        width,
        channels,
        valueMin,
        valueMax,
        dataset,
        architecture,
        epochs,
        steps,
        seed,
        exportedAt,
        projectVersion,
        classes,
        merged,
        precision);
  }

  /** Options object for metadata: values in [0, 1], float32, no classes or extra unless set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sets the metadata's values by name; {@link #build()} makes the record. */
  public static final class Builder {
    private int formatVersion = SavedModelContract.FORMAT_VERSION;
    private int latentSize;
    private int height;
    private int width;
    private int channels;
    private float valueMin = 0f;
    private float valueMax = 1f;
    private String dataset;
    private String architecture;
    private double epochs;
    private long steps;
    private long seed;
    private String exportedAt;
    private String projectVersion;
    private java.util.List<String> classes;
    private Map<String, Object> extra;
    private String precision = FP32;

    private Builder() {}

    public Builder formatVersion(int v) {
      formatVersion = v;
      return this;
    }

    /** z's width and the images' height, width and channels. */
    public Builder shape(int latentSize, int height, int width, int channels) {
      this.latentSize = latentSize;
      this.height = height;
      this.width = width;
      this.channels = channels;
      return this;
    }

    public Builder valueRange(float min, float max) {
      valueMin = min;
      valueMax = max;
      return this;
    }

    public Builder dataset(String v) {
      dataset = v;
      return this;
    }

    public Builder architecture(String v) {
      architecture = v;
      return this;
    }

    /** Completed epochs and generator updates at export, and the training seed. */
    public Builder trained(double epochs, long steps, long seed) {
      this.epochs = epochs;
      this.steps = steps;
      this.seed = seed;
      return this;
    }

    /** When (ISO-8601) and by which dcgan version it was exported. */
    public Builder exported(String at, String projectVersion) {
      exportedAt = at;
      this.projectVersion = projectVersion;
      return this;
    }

    public Builder classes(java.util.List<String> v) {
      classes = v;
      return this;
    }

    public Builder extra(Map<String, Object> v) {
      extra = v;
      return this;
    }

    public Builder precision(String v) {
      precision = v;
      return this;
    }

    public ModelMetadata build() {
      return new ModelMetadata(
          formatVersion,
          latentSize,
          height,
          width,
          channels,
          valueMin,
          valueMax,
          dataset,
          architecture,
          epochs,
          steps,
          seed,
          exportedAt,
          projectVersion,
          classes,
          extra,
          precision);
    }
  }
}
