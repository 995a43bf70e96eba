package dev.dcgan.inference;

/**
 * The names an exported generator is reached by: the contract between the exporter (dcgan-train),
 * this library, TF Serving and any other TensorFlow client. Change nothing here without a new model
 * format version.
 */
public final class SavedModelContract {
  private SavedModelContract() {}

  /** The MetaGraph tag TF Serving loads. */
  public static final String TAG = "serve";

  /** The default signature: latent vectors in, images out. */
  public static final String SERVING_DEFAULT = "serving_default";

  /** TF Serving's predict method, so the REST {@code :predict} endpoint accepts the signature. */
  public static final String PREDICT_METHOD = "tensorflow/serving/predict";

  /** float32 [-1, latent]. */
  public static final String INPUT_Z = "z";

  /** float32 [-1, height, width, channels], values in [0, 1]. */
  public static final String OUTPUT_IMAGES = "images";

  /**
   * The second signature, for clients that want pictures, not floats: a seed and a count in, bytes
   * out. z is {@code StatelessRandomNormal([count, latent], seed = [seed, 0])}, so the same seed
   * gives the same images in every client (it is not {@link LatentNoise}'s z).
   */
  public static final String GENERATE = "generate";

  /**
   * int64 []: the seed of z (a one-element [1] is accepted too, as TF Serving's row format sends).
   */
  public static final String INPUT_SEED = "seed";

  /** int32 []: how many images. */
  public static final String INPUT_COUNT = "count";

  /** uint8 [count, height, width, channels]: {@code round(clip(images * 255, 0, 255))}. */
  public static final String OUTPUT_IMAGES_UINT8 = "images_uint8";

  /**
   * string [count]: one PNG file per image. TF Serving's REST API returns outputs whose alias ends
   * in {@code _bytes} as {@code {"b64": ...}}.
   */
  public static final String OUTPUT_PNG_BYTES = "png_bytes";

  /** Where TF Serving ignores extra files; holds {@link #METADATA_FILE}. */
  public static final String ASSETS_EXTRA = "assets.extra";

  /** JSON metadata beside the model, see {@link ModelMetadata}. */
  public static final String METADATA_FILE = "dcgan.json";

  /** Bumped when the exported graph's contract changes incompatibly. */
  public static final int FORMAT_VERSION = 1;

  // A class-conditional generator: the metadata lists its classes, and both signatures take a
  // class. Its format version is 2, so a library that knows only version 1 refuses it rather than
  // calling serving_default without labels.

  /** The format version of a conditional generator's export. */
  public static final int CONDITIONAL_FORMAT_VERSION = 2;

  /**
   * int64 [-1] in a conditional model's {@code serving_default}: one class index in [0, classes)
   * per row of z. (An index out of range fails in the graph's embedding lookup.)
   */
  public static final String INPUT_LABELS = "labels";

  /**
   * int64 [] in a conditional model's {@code generate}: the class of every image, or -1 for classes
   * drawn uniformly: {@code StatelessRandomUniformInt([count], seed = [seed, 1], 0, classes)}.
   */
  public static final String INPUT_CLASS = "class";

  /** int64 [count] out of a conditional model's {@code generate}: the class of each image. */
  public static final String OUTPUT_LABELS = "labels";
}
