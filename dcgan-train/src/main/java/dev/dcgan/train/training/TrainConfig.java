package dev.dcgan.train.training;

import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.ModelSpec;
import java.nio.file.Path;

/**
 * Everything a training run is given; saved as {@code config.json} in its run folder so a run can
 * be resumed and exported without repeating its flags. Build one with {@link #builder()}.
 *
 * @param data the data set: a folder (IDX files, CIFAR-10 batches or images), one file, or "fake"
 * @param format idx, folder, cifar10 or fake; null to tell from the path
 * @param imageSize side of square images made from a folder or fake data (0: 64)
 * @param channels 1 or 3 (0: what the images are)
 * @param limit use only the first {@code limit} training images (0: all)
 * @param maxImagePixels skip a folder's image files whose header claims more pixels (0: {@link
 *     dev.dcgan.train.data.LoadOptions#DEFAULT_MAX_IMAGE_PIXELS})
 * @param architecture network family; null to choose from the image size
 * @param ngf G's width unit (dcgan architecture; 0: 64)
 * @param ndf D's width unit (dcgan architecture; 0: 64)
 * @param latentSize width of z
 * @param epochs epochs to train in total (a resumed run continues up to this)
 * @param batchSize real images per D update
 * @param dAdam D's optimizer
 * @param gAdam G's optimizer
 * @param dStepsPerG D updates per G update (k in Goodfellow et al.)
 * @param seed fixes weights, data order, z and dropout
 * @param runDir where the run's files go
 * @param intraOpThreads TensorFlow intra-op threads (0: all cores)
 * @param interOpThreads TensorFlow inter-op threads (0: TensorFlow's choice; default 1, measured 4%
 *     faster than TensorFlow's choice here: docs/performance.md)
 * @param keep checkpoints to keep (the newest)
 * @param checkpointEvery also checkpoint every this many G updates (0: after each epoch only)
 * @param summaryEvery TensorBoard scalars every this many G updates
 */
public record TrainConfig(
    String data,
    String format,
    int imageSize,
    int channels,
    int limit,
    long maxImagePixels,
    String architecture,
    int ngf,
    int ndf,
    int latentSize,
    int epochs,
    int batchSize,
    AdamConfig dAdam,
    AdamConfig gAdam,
    int dStepsPerG,
    long seed,
    String runDir,
    int intraOpThreads,
    int interOpThreads,
    int keep,
    int checkpointEvery,
    int summaryEvery) {

  public TrainConfig {
    if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    if (batchSize < 1)
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    if (latentSize < 1)
      throw new IllegalArgumentException("latent size must be >= 1, got " + latentSize);
    if (dStepsPerG < 1)
      throw new IllegalArgumentException("D steps per G step must be >= 1, got " + dStepsPerG);
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    if (maxImagePixels == 0)
      maxImagePixels = dev.dcgan.train.data.LoadOptions.DEFAULT_MAX_IMAGE_PIXELS;
    if (keep < 1) throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    if (checkpointEvery < 0)
      throw new IllegalArgumentException("checkpoint-every must be >= 0, got " + checkpointEvery);
    if (summaryEvery == 0) summaryEvery = 50;
    if (summaryEvery < 1)
      throw new IllegalArgumentException("summary-every must be >= 1, got " + summaryEvery);
    if (architecture != null) Architecture.parse(architecture);
    if (format != null) dev.dcgan.train.data.DataFormat.parse(format);
    loadOptions(imageSize, channels, limit, seed, maxImagePixels); // validates
    if (ngf < 0 || ndf < 0) throw new IllegalArgumentException("ngf and ndf must be >= 1");
  }

  /** MNIST from {@code data/mnist}, the tutorial's networks, DCGAN's Adam settings. */
  public static TrainConfig defaults() {
    return new TrainConfig(
        "data/mnist",
        null,
        0,
        0,
        0,
        0,
        null,
        0,
        0,
        100,
        10,
        128,
        AdamConfig.DCGAN,
        AdamConfig.DCGAN,
        1,
        42,
        null,
        0,
        1,
        3,
        0,
        50);
  }

  /** The GAN for images of this shape: the named architecture, or the default for the size. */
  public ModelSpec modelSpec(int height, int width, int channels) {
    var arch =
        architecture != null
            ? Architecture.parse(architecture)
            : Architecture.forImageSize(height, width);
    return new ModelSpec(arch, latentSize, height, width, channels, ngf, ndf);
  }

  public dev.dcgan.train.data.LoadOptions loadOptions() {
    return loadOptions(imageSize, channels, limit, seed, maxImagePixels);
  }

  private static dev.dcgan.train.data.LoadOptions loadOptions(
      int imageSize, int channels, int limit, long seed, long maxImagePixels) {
    return new dev.dcgan.train.data.LoadOptions(imageSize, channels, limit, seed)
        .withMaxImagePixels(maxImagePixels);
  }

  public dev.dcgan.train.data.DataFormat dataFormat() {
    return format == null ? null : dev.dcgan.train.data.DataFormat.parse(format);
  }

  public SessionOptions sessionOptions() {
    return new SessionOptions(intraOpThreads, interOpThreads);
  }

  public Path dataPath() {
    return Path.of(data);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** Options object: start from the defaults, set what differs, {@link #build()}. */
  public static final class Builder {
    private String data;
    private String format;
    private int imageSize;
    private int channels;
    private int limit;
    private long maxImagePixels;
    private String architecture;
    private int ngf;
    private int ndf;
    private int latentSize;
    private int epochs;
    private int batchSize;
    private AdamConfig dAdam;
    private AdamConfig gAdam;
    private int dStepsPerG;
    private long seed;
    private String runDir;
    private int intraOpThreads;
    private int interOpThreads;
    private int keep;
    private int checkpointEvery;
    private int summaryEvery;

    private Builder(TrainConfig c) {
      data = c.data;
      format = c.format;
      imageSize = c.imageSize;
      channels = c.channels;
      limit = c.limit;
      maxImagePixels = c.maxImagePixels;
      architecture = c.architecture;
      ngf = c.ngf;
      ndf = c.ndf;
      latentSize = c.latentSize;
      epochs = c.epochs;
      batchSize = c.batchSize;
      dAdam = c.dAdam;
      gAdam = c.gAdam;
      dStepsPerG = c.dStepsPerG;
      seed = c.seed;
      runDir = c.runDir;
      intraOpThreads = c.intraOpThreads;
      interOpThreads = c.interOpThreads;
      keep = c.keep;
      checkpointEvery = c.checkpointEvery;
      summaryEvery = c.summaryEvery;
    }

    public Builder data(String v) {
      data = v;
      return this;
    }

    public Builder format(String v) {
      format = v;
      return this;
    }

    public Builder imageSize(int v) {
      imageSize = v;
      return this;
    }

    public Builder channels(int v) {
      channels = v;
      return this;
    }

    public Builder limit(int v) {
      limit = v;
      return this;
    }

    public Builder maxImagePixels(long v) {
      maxImagePixels = v;
      return this;
    }

    public Builder architecture(String v) {
      architecture = v;
      return this;
    }

    public Builder ngf(int v) {
      ngf = v;
      return this;
    }

    public Builder ndf(int v) {
      ndf = v;
      return this;
    }

    public Builder latentSize(int v) {
      latentSize = v;
      return this;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder dAdam(AdamConfig v) {
      dAdam = v;
      return this;
    }

    public Builder gAdam(AdamConfig v) {
      gAdam = v;
      return this;
    }

    public Builder dStepsPerG(int v) {
      dStepsPerG = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder runDir(String v) {
      runDir = v;
      return this;
    }

    public Builder threads(int intra, int inter) {
      intraOpThreads = intra;
      interOpThreads = inter;
      return this;
    }

    public Builder keep(int v) {
      keep = v;
      return this;
    }

    public Builder checkpointEvery(int v) {
      checkpointEvery = v;
      return this;
    }

    public Builder summaryEvery(int v) {
      summaryEvery = v;
      return this;
    }

    public TrainConfig build() {
      return new TrainConfig(
          data,
          format,
          imageSize,
          channels,
          limit,
          maxImagePixels,
          architecture,
          ngf,
          ndf,
          latentSize,
          epochs,
          batchSize,
          dAdam,
          gAdam,
          dStepsPerG,
          seed,
          runDir,
          intraOpThreads,
          interOpThreads,
          keep,
          checkpointEvery,
          summaryEvery);
    }
  }
}
