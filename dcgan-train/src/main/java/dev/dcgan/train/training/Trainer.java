package dev.dcgan.train.training;

import dev.dcgan.inference.LatentNoise;
import dev.dcgan.train.augment.Augmentation;
import dev.dcgan.train.data.BatchPrefetcher;
import dev.dcgan.train.data.BatchSampler;
import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.ImageDataset;
import dev.dcgan.train.data.MemoryBudget;
import dev.dcgan.train.data.Split;
import dev.dcgan.train.model.GanPrecision;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.CpuFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.tensorflow.Session;

/**
 * The training loop: epochs of shuffled batches, one alternating D/G step per batch, a losses row
 * per step, and after every epoch a sample grid and a checkpoint.
 *
 * <pre>{@code
 * var config = TrainConfig.builder().data("data/mnist").epochs(5).runDir("runs/mnist").build();
 * // any option of the table: TrainConfig.builder().set(TrainOptions.EMA, 0.99f)...
 * TrainResult result = new Trainer(config).train(new TrainingListener() {});
 * }</pre>
 *
 * What else a run writes as it goes (TensorBoard events, pictures) is up to the listeners the
 * caller passes: {@code dev.dcgan.train.monitor.RunMonitor} is the run folder's usual set.
 */
public final class Trainer {
  private static final float NaN = Float.NaN;

  /** Grid of G(fixed z) written after every epoch. */
  public static final int SAMPLE_COUNT = 64;

  private final TrainConfig config;
  private final RunFolder run;
  private final boolean resuming;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final Optional<String> precisionNote; // why the run computes otherwise than asked
  private final Replica replica; // this process's part of the run: SOLE, or a data-parallel worker

  /** A new run; its folder is {@code config.run().dir()}, or {@code runs/<timestamp>} if unset. */
  public Trainer(TrainConfig config) throws IOException {
    this(config, CpuFeatures.detect());
  }

  /**
   * A new run on a CPU with {@code cpu}'s features: bf16 without native support falls back to fp32
   * (the run's config.json records fp32), and the first note of {@link #train} says why.
   */
  public Trainer(TrainConfig config, CpuFeatures cpu) throws IOException {
    this(config, cpu, Replica.SOLE);
  }

  /**
   * A new run, as worker {@code replica} of a data-parallel run: the chief creates the run folder;
   * the other workers leave it to the chief.
   */
  public Trainer(TrainConfig config, CpuFeatures cpu, Replica replica) throws IOException {
    Path dir = config.run().dir() != null ? Path.of(config.run().dir()) : RunFolder.timestamped();
    var asked = config.network().precision();
    this.config =
        config
            .with(TrainOptions.PRECISION, cpu.supported(asked))
            .with(TrainOptions.RUN_DIR, dir.toString());
    this.run = replica.chief() ? RunFolder.create(dir) : new RunFolder(dir);
    this.resuming = false;
    this.precisionNote = cpu.fallbackWarning(asked);
    this.replica = replica;
  }

  private Trainer(
      RunFolder run,
      TrainConfig config,
      boolean resuming,
      Optional<String> precisionNote,
      Replica replica) {
    this.run = run;
    this.config = config;
    this.resuming = resuming;
    this.precisionNote = precisionNote;
    this.replica = replica;
  }

  /**
   * This resumed run, trained as worker {@code replica} of a data-parallel run: every worker
   * restores the newest checkpoint; the chief writes the folder.
   */
  public Trainer asReplica(Replica replica) {
    if (!resuming) throw new IllegalStateException("a new run takes its replica when made");
    return new Trainer(run, config, true, precisionNote, replica);
  }

  /**
   * Continues the run in {@code runDir} from its newest checkpoint, up to {@code epochs} (0: as
   * configured).
   */
  public static Trainer resume(Path runDir, int epochs) throws IOException {
    return resume(runDir, c -> epochs > 0 ? c.with(TrainOptions.EPOCHS, epochs) : c);
  }

  /**
   * Continues the run in {@code runDir} from its newest checkpoint with its saved data, network and
   * optimisation, and its run settings as {@code change} makes them.
   *
   * @throws IllegalArgumentException if {@code change} changes an option a resumed run keeps
   */
  public static Trainer resume(Path runDir, UnaryOperator<TrainConfig> change) throws IOException {
    var run = RunFolder.existing(runDir);
    var saved = run.readConfig();
    var changed = change.apply(saved);
    for (var option : saved.frozenDifferences(changed))
      throw new IllegalArgumentException(
          option.flag() + " cannot change a resumed run (it is in its config.json)");
    // The run keeps its precision, native or not: only that continues the same arithmetic.
    boolean emulated =
        saved.network().precision() == Precision.BF16 && !CpuFeatures.detect().bf16();
    Optional<String> note =
        emulated
            ? Optional.of(
                "this run computes in bf16 (its config.json) and this CPU has neither AVX512_BF16"
                    + " nor AMX-BF16: it continues in bf16, emulated and slower than fp32")
            : Optional.empty();
    return new Trainer(
        run, changed.with(TrainOptions.RUN_DIR, runDir.toString()), true, note, Replica.SOLE);
  }

  /**
   * Asks the loop to stop after the current step and write a checkpoint; {@link #train} then
   * returns normally with {@link TrainResult#stopped()} true. Safe from any thread.
   */
  public void requestStop() {
    stopRequested.set(true);
  }

  /** Whether {@link #requestStop()} was called. */
  public boolean stopRequested() {
    return stopRequested.get();
  }

  /**
   * Trains to the configured number of epochs (or until {@link #requestStop()}), telling {@code
   * listener} (compose several with {@link Listeners#of}) as it goes.
   */
  public TrainResult train(TrainingListener listener) throws IOException {
    if (!replica.chief()) return trainLocked(listener); // the chief's lock covers the group
    try (var lock = run.lockForTraining(!resuming)) { // before anything is written to the folder
      return trainLocked(listener);
    }
  }

  private TrainResult trainLocked(TrainingListener listener) throws IOException {
    var opt = config.optimisation();
    ImageDataset dataset = load(listener);
    var spec = config.modelSpec(dataset);
    NetworkMemory.of(spec, config.network().criticOptions(opt.loss().loss()))
        .require(opt.batchSize(), opt.ema() > 0, MemoryBudget.ofThisMachine());
    var sampler =
        new BatchSampler(dataset, opt.batchSize(), opt.seed(), replica.index(), replica.count());
    var checkpoints = run.checkpoints(config.run().keep());
    var loss = opt.loss().loss();
    var critic = config.network().criticOptions(loss);
    // bf16 keeps in fp32 the layers whose bfloat16 kernels compute wrongly on this machine.
    var precision =
        GanPrecision.forTraining(
            spec, critic, config.network().precision(), opt.batchSize() / replica.count());
    precision.note().ifPresent(listener::onNote);
    // The EMA generator, when on, is the after-G step, and the sample head draws from it.
    List<TrainOps.AfterGeneratorStep> afterG =
        opt.ema() > 0 ? List.of(new EmaGenerator(spec, opt.seed(), opt.ema())) : List.of();
    try (var graph =
            TrainingGraph.builder(spec, opt.seed())
                .loss(loss)
                .critic(critic)
                .adam(opt.dAdam(), opt.gAdam())
                .afterGenerator(afterG)
                .precision(precision)
                .augmentation(augmentation())
                .replication(replica.replication())
                .build();
        Session session = replica.newSession(graph.graph(), config.run().sessionOptions())) {
      var progress = begin(session, checkpoints, spec, dataset, listener);
      var step = new TrainStep(graph, session);
      var samples = new Samples(session, graph.sampleHead(), spec);
      float[][] fixedZ = LatentNoise.gaussian(SAMPLE_COUNT, spec.latentSize(), opt.seed());
      int epochs = config.run().epochs();
      int batchesPerEpoch = sampler.batchesPerEpoch();
      Path lastCheckpoint = null;
      boolean stopped = false;
      boolean chief = replica.chief(); // only the chief writes the run folder
      listener.onStart(config, spec, run.dir(), progress.step(), batchesPerEpoch);
      var start = progress.state();
      // null on a worker that is not the chief: only the chief writes the run folder
      try (var log =
              chief
                  ? new LossLog(run.losses(), start.step(), graph.augmentHead().isPresent())
                  : null;
          var batches =
              new BatchPrefetcher(
                  sampler, start.epoch(), start.batch(), epochs, PREFETCH, spec.conditional())) {
        var epochStats = new EpochStats();
        while (!stopped) {
          final BatchPrefetcher.Batch batch = next(batches);
          if (batch == null) break;
          int epoch = batch.epoch();
          boolean updateG = progress.updatesG(opt.dStepsPerG());
          step.scaleLearningRates(opt.learningRateFactor(epoch, batch.index(), batchesPerEpoch));
          try (batch) {
            update(step, batch, updateG, progress, log, epochStats, listener, checkpoints);
          }
          int images = batch.size() * replica.count(); // the global batch
          boolean endOfEpoch =
              progress.advance(epoch, batch.index(), images, updateG, batchesPerEpoch);
          stopped = stopRequested.get() && !(endOfEpoch && progress.epoch() == epochs);
          if (endOfEpoch && chief) {
            log.flush(); // whole rows only: the epoch's listeners read losses.csv (the loss plot)
            Path grid = run.samples(epoch + 1);
            samples.writeGrid(fixedZ, grid);
            listener.onEpoch(
                epochStats.summary(epoch + 1, epochs, progress.step(), grid, samples::draw));
            epochStats = new EpochStats();
          }
          int every = config.run().checkpointEvery();
          if (chief && (endOfEpoch || stopped || progress.periodicCheckpoint(updateG, every))) {
            log.flush();
            lastCheckpoint = checkpoints.save(session, progress.state());
            listener.onCheckpoint(lastCheckpoint);
          }
        }
      }
      return result(progress, lastCheckpoint, stopped, spec, dataset);
    }
  }

  private TrainResult result(
      TrainingProgress progress,
      Path lastCheckpoint,
      boolean stopped,
      dev.dcgan.train.model.ModelSpec spec,
      ImageDataset dataset) {
    var classes = spec.conditional() ? dataset.classNames() : null;
    return new TrainResult(
        run.dir(),
        lastCheckpoint,
        progress.step(),
        progress.epoch(),
        stopped,
        spec,
        dataset.name(),
        classes);
  }

  /** DiffAugment and its p, from the options (off unless --augment). */
  private Augmentation augmentation() {
    return new Augmentation(
        config.get(TrainOptions.AUGMENT),
        config.get(TrainOptions.AUGMENT_P),
        config.get(TrainOptions.AUGMENT_TARGET),
        config.optimisation().batchSize());
  }

  /** The training images, with the notes on them (and on the precision) told to the listener. */
  private ImageDataset load(TrainingListener listener) throws IOException {
    var data = config.data();
    long seed = config.optimisation().seed();
    var options = data.loadOptions(seed).withBackground(config.get(TrainOptions.BACKGROUND));
    var dataset = DataSets.load(data.file(), data.format(), Split.TRAIN, options);
    precisionNote.ifPresent(listener::onNote);
    dataset.notes().forEach(listener::onNote);
    return dataset;
  }

  /**
   * One update on {@code batch}: D, then G if {@code updateG}; the losses logged (by the chief:
   * {@code log} null otherwise) and told; a non-finite loss stops the run.
   */
  private void update(
      TrainStep step,
      BatchPrefetcher.Batch batch,
      boolean updateG,
      TrainingProgress progress,
      LossLog log,
      EpochStats epochStats,
      TrainingListener listener,
      Checkpoints checkpoints)
      throws IOException {
    long key = progress.key(config.optimisation().seed());
    long n = progress.step() + 1; // this update's step, if it updates G
    int epoch = batch.epoch();
    int images = batch.size() * replica.count(); // the global batch
    if (updateG) {
      StepMetrics m = step.dThenG(batch.images(), batch.labels(), key);
      if (!m.finite()) throw diverged(n, epoch, m, checkpoints);
      if (log != null) log.append(n, epoch + 1, m);
      epochStats.add(m, images);
      listener.onStep(n, epoch + 1, batch.index() + 1, m);
    } else {
      float dLoss = step.dOnly(batch.images(), batch.labels(), key);
      if (!Float.isFinite(dLoss))
        throw diverged(n, epoch, new StepMetrics(dLoss, NaN, NaN, NaN), checkpoints);
      epochStats.images += images;
    }
    step.afterDUpdate(progress.state().dUpdates() + 1);
  }

  /**
   * Where the run starts: a resumed run's newest checkpoint restored into {@code session}, or step
   * 0 with config.json and model.json written.
   */
  private TrainingProgress begin(
      Session session,
      Checkpoints checkpoints,
      dev.dcgan.train.model.ModelSpec spec,
      ImageDataset dataset,
      TrainingListener listener)
      throws IOException {
    Optional<Path> latest = resuming ? checkpoints.latest() : Optional.empty();
    if (latest.isPresent()) {
      var state = Checkpoints.restore(session, latest.get());
      if (state.epoch() >= config.run().epochs()) {
        throw new IOException(
            run.dir()
                + " has already trained "
                + state.epoch()
                + " epochs; resume with --epochs "
                + (state.epoch() + 1)
                + " or more to train further");
      }
      return new TrainingProgress(state);
    }
    replica.initialize(session);
    if (resuming) listener.onNote(restartFromZero());
    if (replica.chief()) {
      run.writeConfig(config);
      run.writeModelInfo(
          new RunFolder.ModelInfo(
              spec, dataset.name(), spec.conditional() ? dataset.classNames() : null));
    }
    return new TrainingProgress(new Checkpoints.State(0, 0, 0, 0, 0));
  }

  /** A run killed before its first checkpoint resumes as it began: from step 0, same seed. */
  private String restartFromZero() {
    return run.dir()
        + " has no checkpoint yet (its run was stopped before the first): starting again from step"
        + " 0 with seed "
        + config.optimisation().seed();
  }

  /** Batches in flight ahead of the training step. */
  static final int PREFETCH = 4;

  private static BatchPrefetcher.Batch next(BatchPrefetcher batches) throws IOException {
    try {
      return batches.next();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for a batch");
    }
  }

  /** Running means over one epoch. */
  private static final class EpochStats {
    private final long t0 = System.nanoTime();
    private final double[] sums = new double[4];
    private int steps;
    long images;

    void add(StepMetrics m, int batchImages) {
      images += batchImages;
      sums[0] += m.dLoss();
      sums[1] += m.gLoss();
      sums[2] += m.dReal();
      sums[3] += m.dFake();
      steps++;
    }

    TrainingListener.EpochSummary summary(
        int epoch, int epochs, long step, Path samples, TrainingListener.SampleSource generator) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      int k = Math.max(steps, 1);
      var mean =
          new StepMetrics(
              (float) (sums[0] / k),
              (float) (sums[1] / k),
              (float) (sums[2] / k),
              (float) (sums[3] / k));
      return new TrainingListener.EpochSummary(
          epoch, epochs, step, mean, images / seconds, seconds, samples, generator);
    }
  }

  private TrainingDivergedException diverged(
      long step, int epoch, StepMetrics m, Checkpoints checkpoints) throws IOException {
    String last = checkpoints.latest().map(Path::toString).orElse("none yet");
    return new TrainingDivergedException(
        String.format(
            java.util.Locale.ROOT,
            "training diverged at step %d (epoch %d): d_loss=%s g_loss=%s D(x)=%s D(G(z))=%s; last good checkpoint: %s",
            step,
            epoch + 1,
            m.dLoss(),
            m.gLoss(),
            m.dReal(),
            m.dFake(),
            last));
  }

  public TrainConfig config() {
    return config;
  }

  public Path runDir() {
    return run.dir();
  }
}
