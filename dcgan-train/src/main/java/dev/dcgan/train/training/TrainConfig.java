package dev.dcgan.train.training;

import dev.dcgan.train.data.DataFormat;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;

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
              LossType.NON_SATURATING, batchSize, dAdam, gAdam, dStepsPerG, seed, 0f),
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

  /** Options object: start from the defaults, set what differs, {@link #build()}. */
  public static final class Builder {
    private DataConfig d;
    private NetworkConfig n;
    private OptimisationConfig o;
    private RunConfig r;

    private Builder(TrainConfig c) {
      d = c.data;
      n = c.network;
      o = c.optimisation;
      r = c.run;
    }

    public Builder data(String v) {
      d = new DataConfig(v, d.format(), d.imageSize(), d.channels(), d.limit(), d.maxImagePixels());
      return this;
    }

    public Builder format(DataFormat v) {
      d = new DataConfig(d.path(), v, d.imageSize(), d.channels(), d.limit(), d.maxImagePixels());
      return this;
    }

    public Builder imageSize(int v) {
      d = new DataConfig(d.path(), d.format(), v, d.channels(), d.limit(), d.maxImagePixels());
      return this;
    }

    public Builder channels(int v) {
      d = new DataConfig(d.path(), d.format(), d.imageSize(), v, d.limit(), d.maxImagePixels());
      return this;
    }

    public Builder limit(int v) {
      d = new DataConfig(d.path(), d.format(), d.imageSize(), d.channels(), v, d.maxImagePixels());
      return this;
    }

    public Builder maxImagePixels(long v) {
      d = new DataConfig(d.path(), d.format(), d.imageSize(), d.channels(), d.limit(), v);
      return this;
    }

    public Builder architecture(Architecture v) {
      n = new NetworkConfig(v, n.latentSize(), n.ngf(), n.ndf(), n.spectralNorm());
      return this;
    }

    public Builder latentSize(int v) {
      n = new NetworkConfig(n.architecture(), v, n.ngf(), n.ndf(), n.spectralNorm());
      return this;
    }

    public Builder ngf(int v) {
      n = new NetworkConfig(n.architecture(), n.latentSize(), v, n.ndf(), n.spectralNorm());
      return this;
    }

    public Builder ndf(int v) {
      n = new NetworkConfig(n.architecture(), n.latentSize(), n.ngf(), v, n.spectralNorm());
      return this;
    }

    public Builder loss(LossType v) {
      o =
          new OptimisationConfig(
              v, o.batchSize(), o.dAdam(), o.gAdam(), o.dStepsPerG(), o.seed(), o.ema());
      return this;
    }

    public Builder batchSize(int v) {
      o =
          new OptimisationConfig(
              o.loss(), v, o.dAdam(), o.gAdam(), o.dStepsPerG(), o.seed(), o.ema());
      return this;
    }

    public Builder dAdam(AdamConfig v) {
      o =
          new OptimisationConfig(
              o.loss(), o.batchSize(), v, o.gAdam(), o.dStepsPerG(), o.seed(), o.ema());
      return this;
    }

    public Builder gAdam(AdamConfig v) {
      o =
          new OptimisationConfig(
              o.loss(), o.batchSize(), o.dAdam(), v, o.dStepsPerG(), o.seed(), o.ema());
      return this;
    }

    public Builder dStepsPerG(int v) {
      o =
          new OptimisationConfig(
              o.loss(), o.batchSize(), o.dAdam(), o.gAdam(), v, o.seed(), o.ema());
      return this;
    }

    public Builder seed(long v) {
      o =
          new OptimisationConfig(
              o.loss(), o.batchSize(), o.dAdam(), o.gAdam(), o.dStepsPerG(), v, o.ema());
      return this;
    }

    public Builder spectralNorm(boolean v) {
      n = new NetworkConfig(n.architecture(), n.latentSize(), n.ngf(), n.ndf(), v);
      return this;
    }

    public Builder ema(float v) {
      o =
          new OptimisationConfig(
              o.loss(), o.batchSize(), o.dAdam(), o.gAdam(), o.dStepsPerG(), o.seed(), v);
      return this;
    }

    public Builder epochs(int v) {
      r = r.withEpochs(v);
      return this;
    }

    public Builder runDir(String v) {
      r = r.withDir(v);
      return this;
    }

    public Builder keep(int v) {
      r =
          new RunConfig(
              r.epochs(),
              r.dir(),
              v,
              r.checkpointEvery(),
              r.summaryEvery(),
              r.intraOpThreads(),
              r.interOpThreads(),
              r.evalEvery());
      return this;
    }

    public Builder checkpointEvery(int v) {
      r =
          new RunConfig(
              r.epochs(),
              r.dir(),
              r.keep(),
              v,
              r.summaryEvery(),
              r.intraOpThreads(),
              r.interOpThreads(),
              r.evalEvery());
      return this;
    }

    public Builder summaryEvery(int v) {
      r =
          new RunConfig(
              r.epochs(),
              r.dir(),
              r.keep(),
              r.checkpointEvery(),
              v,
              r.intraOpThreads(),
              r.interOpThreads(),
              r.evalEvery());
      return this;
    }

    public Builder threads(int intra, int inter) {
      r =
          new RunConfig(
              r.epochs(),
              r.dir(),
              r.keep(),
              r.checkpointEvery(),
              r.summaryEvery(),
              intra,
              inter,
              r.evalEvery());
      return this;
    }

    public Builder evalEvery(int v) {
      r =
          new RunConfig(
              r.epochs(),
              r.dir(),
              r.keep(),
              r.checkpointEvery(),
              r.summaryEvery(),
              r.intraOpThreads(),
              r.interOpThreads(),
              v);
      return this;
    }

    public TrainConfig build() {
      return new TrainConfig(d, n, o, r);
    }
  }
}
