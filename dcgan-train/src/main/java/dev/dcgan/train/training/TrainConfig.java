package dev.dcgan.train.training;

import static dev.dcgan.train.options.TrainOptions.*;

import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.data.DataFormat;
import dev.dcgan.train.data.ImageDataset;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.Conditioning;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.options.ConfigFile;
import dev.dcgan.train.options.Option;
import dev.dcgan.train.options.OptionChecks;
import dev.dcgan.train.options.OptionGroup;
import dev.dcgan.train.options.OptionValues;
import java.util.List;
import java.util.Set;

/**
 * Everything a training run is given: a value for every option of {@link
 * dev.dcgan.train.options.TrainOptions}, saved as {@code config.json} ({@link ConfigFile}) in its
 * run folder so a run can be resumed and exported without repeating its flags. A resumed run keeps
 * its data, network and optimisation and may change its run settings. The groups are typed views
 * ({@link #data()}, {@link #network()}, ...); an option read where it is used needs none: {@link
 * #get}. Build one with {@link #builder()}.
 */
public record TrainConfig(OptionValues values) {

  public TrainConfig {
    if (values == null) throw new IllegalArgumentException("no option values");
    dataOf(values); // each view checks what its group's values mean together
    networkOf(values);
    optimisationOf(values);
    runOf(values);
  }

  /** MNIST from {@code data/mnist}, the tutorial's networks, the measured best recipe. */
  public static TrainConfig defaults() {
    return new TrainConfig(OptionChecks.resolve(OptionValues.defaults(), Set.of()));
  }

  public <T> T get(Option<T> option) {
    return values.get(option);
  }

  /** This with one option changed (the rules between options applied). */
  public <T> TrainConfig with(Option<T> option, T value) {
    return new TrainConfig(OptionChecks.resolve(values.with(option, value), Set.of()));
  }

  /**
   * The options of a frozen group ({@link OptionGroup#frozenOnResume()}) that differ in {@code
   * other}: what a resumed run may not change.
   */
  public List<Option<?>> frozenDifferences(TrainConfig other) {
    return values.differences(other.values).stream()
        .filter(o -> o.group().frozenOnResume())
        .toList();
  }

  /**
   * The unconditional GAN for images of this shape: the named architecture, or the default for the
   * size. The network options reach the model here, and only here.
   */
  public ModelSpec modelSpec(int height, int width, int channels) {
    var arch = get(ARCH) != null ? get(ARCH) : Architecture.forImageSize(height, width);
    return new ModelSpec(arch, get(LATENT), height, width, channels, get(NGF), get(NDF))
        .withLatentCode(get(LATENT_CODE));
  }

  /**
   * The GAN for this data set: conditional on its classes if asked.
   *
   * @throws ConfigurationException if conditional and the data set has no labels, or one class
   */
  public ModelSpec modelSpec(ImageDataset data) {
    var spec = modelSpec(data.height(), data.width(), data.channels());
    if (!get(CONDITIONAL)) return spec;
    if (data.classNames() == null)
      throw new ConfigurationException(
          "--conditional needs a data set with labels, and "
              + data.name()
              + " has none: use an IDX folder with its label file, CIFAR-10, or a folder with one"
              + " sub-folder of images per class; or train without --conditional");
    if (data.classNames().size() < 2)
      throw new ConfigurationException(
          "--conditional needs at least 2 classes, and "
              + data.name()
              + " has "
              + data.classNames().size()
              + ": add images of other classes, or train without --conditional");
    return spec.withClasses(data.classNames().size(), get(CONDITIONING));
  }

  public DataConfig data() {
    return dataOf(values);
  }

  public NetworkConfig network() {
    return networkOf(values);
  }

  public OptimisationConfig optimisation() {
    return optimisationOf(values);
  }

  public RunConfig run() {
    return runOf(values);
  }

  private static DataConfig dataOf(OptionValues v) {
    return new DataConfig(
        v.get(DATA_PATH),
        v.get(FORMAT),
        v.get(IMAGE_SIZE),
        v.get(CHANNELS),
        v.get(LIMIT),
        v.get(MAX_IMAGE_PIXELS));
  }

  private static NetworkConfig networkOf(OptionValues v) {
    return new NetworkConfig(
        v.get(ARCH),
        v.get(LATENT),
        v.get(NGF),
        v.get(NDF),
        v.get(SPECTRAL_NORM),
        v.get(CONDITIONAL),
        v.get(PRECISION),
        v.get(CONDITIONING),
        v.get(LATENT_CODE));
  }

  private static OptimisationConfig optimisationOf(OptionValues v) {
    var adam = AdamConfig.DCGAN.withBeta1(v.get(BETA1));
    return new OptimisationConfig(
        v.get(LOSS),
        v.get(BATCH_SIZE),
        adam.withLearningRate(v.get(LR_D)),
        adam.withLearningRate(v.get(LR_G)),
        v.get(D_STEPS),
        v.get(SEED),
        v.get(EMA),
        v.get(LR_DECAY));
  }

  private static RunConfig runOf(OptionValues v) {
    return new RunConfig(
        v.get(EPOCHS),
        v.get(RUN_DIR),
        v.get(KEEP),
        v.get(CHECKPOINT_EVERY),
        v.get(SUMMARY_EVERY),
        v.get(THREADS),
        v.get(INTER_OP_THREADS),
        v.get(EVAL_EVERY));
  }

  public Builder toBuilder() {
    return new Builder(values);
  }

  public static Builder builder() {
    return defaults().toBuilder();
  }

  /**
   * Options object for code and tests: start from the defaults, {@link #set} what differs, {@link
   * #build()}. The named setters are shorthands of {@code set} for the options code sets most.
   */
  public static final class Builder {
    private OptionValues values;

    private Builder(OptionValues values) {
      this.values = values;
    }

    /**
     * @throws IllegalArgumentException if the value is out of the option's range
     */
    public <T> Builder set(Option<T> option, T value) {
      values = values.with(option, value);
      return this;
    }

    public Builder data(String v) {
      return set(DATA_PATH, v);
    }

    public Builder format(DataFormat v) {
      return set(FORMAT, v);
    }

    public Builder imageSize(int v) {
      return set(IMAGE_SIZE, v);
    }

    public Builder channels(int v) {
      return set(CHANNELS, v);
    }

    public Builder limit(int v) {
      return set(LIMIT, v);
    }

    public Builder maxImagePixels(long v) {
      return set(MAX_IMAGE_PIXELS, v);
    }

    public Builder architecture(Architecture v) {
      return set(ARCH, v);
    }

    public Builder latentSize(int v) {
      return set(LATENT, v);
    }

    public Builder ngf(int v) {
      return set(NGF, v);
    }

    public Builder ndf(int v) {
      return set(NDF, v);
    }

    public Builder spectralNorm(boolean v) {
      return set(SPECTRAL_NORM, v);
    }

    public Builder conditional(boolean v) {
      return set(CONDITIONAL, v);
    }

    public Builder conditioning(Conditioning v) {
      return set(CONDITIONING, v);
    }

    public Builder latentCode(int v) {
      return set(LATENT_CODE, v);
    }

    public Builder precision(Precision v) {
      return set(PRECISION, v);
    }

    public Builder loss(LossType v) {
      return set(LOSS, v);
    }

    public Builder batchSize(int v) {
      return set(BATCH_SIZE, v);
    }

    /** D's learning rate and both networks' beta1 (the options have one beta1 for both). */
    public Builder dAdam(AdamConfig v) {
      return set(LR_D, v.learningRate()).set(BETA1, v.beta1());
    }

    /** G's learning rate and both networks' beta1. */
    public Builder gAdam(AdamConfig v) {
      return set(LR_G, v.learningRate()).set(BETA1, v.beta1());
    }

    public Builder dStepsPerG(int v) {
      return set(D_STEPS, v);
    }

    public Builder seed(long v) {
      return set(SEED, v);
    }

    public Builder ema(float v) {
      return set(EMA, v);
    }

    public Builder lrDecay(LearningRateDecay v) {
      return set(LR_DECAY, v);
    }

    public Builder epochs(int v) {
      return set(EPOCHS, v);
    }

    public Builder runDir(String v) {
      return set(RUN_DIR, v);
    }

    public Builder keep(int v) {
      return set(KEEP, v);
    }

    public Builder checkpointEvery(int v) {
      return set(CHECKPOINT_EVERY, v);
    }

    public Builder summaryEvery(int v) {
      return set(SUMMARY_EVERY, v);
    }

    public Builder threads(int intra, int inter) {
      return set(THREADS, intra).set(INTER_OP_THREADS, inter);
    }

    public Builder evalEvery(int v) {
      return set(EVAL_EVERY, v);
    }

    /**
     * @throws IllegalArgumentException if the options do not go together
     */
    public TrainConfig build() {
      return new TrainConfig(OptionChecks.resolve(values, Set.of()));
    }
  }
}
