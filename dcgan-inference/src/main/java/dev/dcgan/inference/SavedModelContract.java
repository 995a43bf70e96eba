package dev.dcgan.inference;

/**
 * The names an exported generator is reached by: the contract between the exporter (dcgan-train),
 * this library, TF Serving and any other TensorFlow client. Change nothing here without a new
 * model format version.
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
  /** Where TF Serving ignores extra files; holds {@link #METADATA_FILE}. */
  public static final String ASSETS_EXTRA = "assets.extra";
  /** JSON metadata beside the model, see {@link ModelMetadata}. */
  public static final String METADATA_FILE = "dcgan.json";
  /** Bumped when the exported graph's contract changes incompatibly. */
  public static final int FORMAT_VERSION = 1;
}
