package dev.dcgan.train.training;

import dev.dcgan.train.data.DataFormat;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.Conditioning;
import dev.dcgan.train.nn.Precision;

/**
 * Everything a training run is given, by concern; saved as {@code config.json} in its run folder so
 * a run can be resumed and exported without repeating its flags. A resumed run keeps its data,
 * network and optimisation and may change its {@link RunConfig}. Build one with {@link #builder()}.
 */
public record TrainConfig(
    DataConfig data, NetworkConfig network, OptimisationConfig optimisation, RunConfig run) {

  public TrainConfig {
    if (data == null || network == null || optimisation == null || run == null)
      throw new IllegalArgumentException("every group of a training configuration must be set");
  }

  /** MNIST from {@code data/mnist}, the tutorial's networks, DCGAN's Adam settings. */
  public static TrainConfig defaults() {
    return new TrainConfig(
        DataConfig.DEFAULTS,
        NetworkConfig.DEFAULTS,
        OptimisationConfig.DEFAULTS,
        RunConfig.DEFAULTS);
  }

  public TrainConfig withRun(RunConfig r) {
    return new TrainConfig(data, network, optimisation, r);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return defaults().toBuilder();
  }

  /**
   * The flat {@code config.json} written before the groups existed (0 stood for a default, enums
   * were strings): read so that older run folders still resume.
   */
  record Flat(
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

    TrainConfig grouped() {
      int defaultWidth = NetworkConfig.DEFAULTS.ngf();
      return new TrainConfig(
          new DataConfig(
              data,
              format == null ? null : DataFormat.parse(format),
              imageSize,
              channels,
              limit,
              maxImagePixels),
          new NetworkConfig(
              architecture == null ? null : Architecture.parse(architecture),
              latentSize,
              ngf == 0 ? defaultWidth : ngf,
              ndf == 0 ? defaultWidth : ndf,
              false),
          new OptimisationConfig(
              LossType.NON_SATURATING, batchSize, dAdam, gAdam, dStepsPerG, seed, 0f, null),
          new RunConfig(
              epochs,
              runDir,
              keep,
              checkpointEvery,
              summaryEvery == 0 ? RunConfig.DEFAULTS.summaryEvery() : summaryEvery,
              intraOpThreads,
              interOpThreads,
              0));
    }
  }

  /**
   * Options object: start from the defaults, set what differs, {@link #build()}. Each group is
   * checked when it is built.
   */
  public static final class Builder {
    private String data;
    private DataFormat format;
    private int imageSize;
    private int channels;
    private int limit;
    private long maxImagePixels;

    private Architecture architecture;
    private int latentSize;
    private int ngf;
    private int ndf;
    private boolean spectralNorm;
    private boolean conditional;
    private Precision precision;
    private Conditioning conditioning;
    private int latentCode;

    private LossType loss;
    private int batchSize;
    private AdamConfig dAdam;
    private AdamConfig gAdam;
    private int dStepsPerG;
    private long seed;
    private float ema;
    private LearningRateDecay lrDecay;

    private int epochs;
    private String runDir;
    private int keep;
    private int checkpointEvery;
    private int summaryEvery;
    private int intraOpThreads;
    private int interOpThreads;
    private int evalEvery;

    private Builder(TrainConfig c) {
      var d = c.data;
      data = d.path();
      format = d.format();
      imageSize = d.imageSize();
      channels = d.channels();
      limit = d.limit();
      maxImagePixels = d.maxImagePixels();
      var n = c.network;
      architecture = n.architecture();
      latentSize = n.latentSize();
      ngf = n.ngf();
      ndf = n.ndf();
      spectralNorm = n.spectralNorm();
      conditional = n.conditional();
      precision = n.precision();
      conditioning = n.conditioning();
      latentCode = n.latentCode();
      var o = c.optimisation;
      loss = o.loss();
      batchSize = o.batchSize();
      dAdam = o.dAdam();
      gAdam = o.gAdam();
      dStepsPerG = o.dStepsPerG();
      seed = o.seed();
      ema = o.ema();
      lrDecay = o.lrDecay();
      var r = c.run;
      epochs = r.epochs();
      runDir = r.dir();
      keep = r.keep();
      checkpointEvery = r.checkpointEvery();
      summaryEvery = r.summaryEvery();
      intraOpThreads = r.intraOpThreads();
      interOpThreads = r.interOpThreads();
      evalEvery = r.evalEvery();
    }

    public Builder data(String v) {
      data = v;
      return this;
    }

    public Builder format(DataFormat v) {
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

    public Builder architecture(Architecture v) {
      architecture = v;
      return this;
    }

    public Builder latentSize(int v) {
      latentSize = v;
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

    public Builder spectralNorm(boolean v) {
      spectralNorm = v;
      return this;
    }

    public Builder conditional(boolean v) {
      conditional = v;
      return this;
    }

    public Builder conditioning(Conditioning v) {
      conditioning = v;
      return this;
    }

    public Builder latentCode(int v) {
      latentCode = v;
      return this;
    }

    public Builder precision(Precision v) {
      precision = v;
      return this;
    }

    public Builder lrDecay(LearningRateDecay v) {
      lrDecay = v;
      return this;
    }

    public Builder loss(LossType v) {
      loss = v;
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

    public Builder ema(float v) {
      ema = v;
      return this;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder runDir(String v) {
      runDir = v;
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

    public Builder threads(int intra, int inter) {
      intraOpThreads = intra;
      interOpThreads = inter;
      return this;
    }

    public Builder evalEvery(int v) {
      evalEvery = v;
      return this;
    }

    public TrainConfig build() {
      return new TrainConfig(
          new DataConfig(data, format, imageSize, channels, limit, maxImagePixels),
          new NetworkConfig(
              architecture,
              latentSize,
              ngf,
              ndf,
              spectralNorm,
              conditional,
              precision,
              conditioning,
              latentCode),
          new OptimisationConfig(loss, batchSize, dAdam, gAdam, dStepsPerG, seed, ema, lrDecay),
          new RunConfig(
              epochs,
              runDir,
              keep,
              checkpointEvery,
              summaryEvery,
              intraOpThreads,
              interOpThreads,
              evalEvery));
    }
  }
}
