package dev.dcgan.train.training;

import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.train.data.BatchPrefetcher;
import dev.dcgan.train.data.BatchSampler;
import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.ImageDataset;
import dev.dcgan.train.data.Split;
import dev.dcgan.train.monitor.RunPictures;
import dev.dcgan.train.monitor.TensorBoardListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Session;

/**
 * The training loop: epochs of shuffled batches, one alternating D/G step per batch, a losses row
 * per step, and after every epoch a sample grid and a checkpoint.
 *
 * <pre>{@code
 * var config = TrainConfig.builder().data("data/mnist").epochs(5).runDir("runs/mnist").build();
 * TrainResult result = new Trainer(config).train(new TrainingListener() {});
 * }</pre>
 */
public final class Trainer {
  /** Grid of G(fixed z) written after every epoch. */
  public static final int SAMPLE_COUNT = 64;

  private final TrainConfig config;
  private final RunFolder run;
  private final boolean resuming;
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  /** A new run; its folder is {@code config.runDir()}, or {@code runs/<timestamp>} if unset. */
  public Trainer(TrainConfig config) throws IOException {
    Path dir = config.runDir() != null ? Path.of(config.runDir()) : RunFolder.timestamped();
    this.config = config.toBuilder().runDir(dir.toString()).build();
    this.run = RunFolder.create(dir);
    this.resuming = false;
  }

  private Trainer(RunFolder run, TrainConfig config) {
    this.run = run;
    this.config = config;
    this.resuming = true;
  }

  /**
   * Continues the run in {@code runDir} from its newest checkpoint, up to {@code epochs} (0: as
   * configured).
   */
  public static Trainer resume(Path runDir, int epochs) throws IOException {
    var run = RunFolder.existing(runDir);
    var config = run.readConfig();
    if (epochs > 0) config = config.toBuilder().epochs(epochs).build();
    return new Trainer(run, config.toBuilder().runDir(runDir.toString()).build());
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
   * Trains to the configured number of epochs (or until {@link #requestStop()}). Besides the given
   * listener, the run folder gets TensorBoard events, {@code samples.gif} and {@code losses.png}.
   */
  public TrainResult train(TrainingListener userListener) throws IOException {
    try (var lock = run.lockForTraining(!resuming); // before anything is written to the folder
        var tensorBoard =
            new TensorBoardListener(run.dir(), config.summaryEvery(), config.batchSize())) {
      return train(
          new Listeners(java.util.List.of(tensorBoard, new RunPictures(run.dir()), userListener)));
    }
  }

  private TrainResult train(Listeners listener) throws IOException {
    ImageDataset data =
        DataSets.load(config.dataPath(), config.dataFormat(), Split.TRAIN, config.loadOptions());
    data.notes().forEach(listener::onNote);
    var spec = config.modelSpec(data.height(), data.width(), data.channels());
    var sampler = new BatchSampler(data, config.batchSize(), config.seed());
    var checkpoints = run.checkpoints(config.keep());

    try (var graph = new TrainingGraph(spec, config.dAdam(), config.gAdam(), config.seed());
        Session session = config.sessionOptions().newSession(graph.graph())) {
      var state = new Checkpoints.State(0, 0, 0, 0, 0);
      Optional<Path> latest = resuming ? checkpoints.latest() : Optional.empty();
      if (latest.isPresent()) {
        state = Checkpoints.restore(session, latest.get());
        if (state.epoch() >= config.epochs()) {
          throw new IOException(
              run.dir()
                  + " has already trained "
                  + state.epoch()
                  + " epochs; resume with --epochs "
                  + (state.epoch() + 1)
                  + " or more to train further");
        }
      } else {
        if (resuming) listener.onNote(restartFromZero());
        run.writeConfig(config);
        run.writeModelInfo(new RunFolder.ModelInfo(spec, data.name()));
      }
      var step = new TrainStep(graph, session);
      float[][] fixedZ = LatentNoise.gaussian(SAMPLE_COUNT, spec.latentSize(), config.seed());
      Path lastCheckpoint = null;
      boolean stopped = false;
      int batchesPerEpoch = sampler.batchesPerEpoch();

      listener.onStart(config, spec, run.dir(), state.step(), batchesPerEpoch);
      try (var log = new LossLog(run.losses(), state.step());
          var batches =
              new BatchPrefetcher(
                  sampler, state.epoch(), state.batch(), config.epochs(), PREFETCH)) {
        var epochStats = new EpochStats();
        long stepCount = state.step();
        long dUpdates = state.dUpdates();
        long images = state.imagesSeen();
        while (true) {
          final BatchPrefetcher.Batch batch = next(batches);
          if (batch == null) break;
          int epoch = batch.epoch();
          boolean updateG = (dUpdates + 1) % config.dStepsPerG() == 0;
          long key = config.seed() * 0x9E3779B97F4A7C15L + dUpdates;
          try (batch) {
            if (updateG) {
              StepMetrics m = step.dThenG(batch.images(), key);
              stepCount++;
              if (!m.finite()) throw diverged(stepCount, epoch, m, checkpoints);
              log.append(stepCount, epoch + 1, m);
              epochStats.add(m);
              listener.onStep(stepCount, epoch + 1, batch.index() + 1, m);
            } else {
              float dLoss = step.dOnly(batch.images(), key);
              if (!Float.isFinite(dLoss)) {
                throw diverged(
                    stepCount + 1,
                    epoch,
                    new StepMetrics(dLoss, Float.NaN, Float.NaN, Float.NaN),
                    checkpoints);
              }
            }
          }
          dUpdates++;
          images += batch.size();
          epochStats.images += batch.size();

          boolean endOfEpoch = batch.index() == batchesPerEpoch - 1;
          state =
              endOfEpoch
                  ? new Checkpoints.State(stepCount, dUpdates, epoch + 1, 0, images)
                  : new Checkpoints.State(stepCount, dUpdates, epoch, batch.index() + 1, images);
          boolean finished = endOfEpoch && epoch + 1 == config.epochs();
          boolean stopNow = stopRequested.get() && !finished;
          if (endOfEpoch) {
            log.flush(); // whole rows only: the epoch's listeners read losses.csv (the loss plot)
            Path samples = run.samples(epoch + 1);
            writeSamples(session, graph, fixedZ, spec, samples);
            listener.onEpoch(epochStats.summary(epoch + 1, config.epochs(), stepCount, samples));
            epochStats = new EpochStats();
          }
          boolean periodic =
              updateG && config.checkpointEvery() > 0 && stepCount % config.checkpointEvery() == 0;
          if (endOfEpoch || periodic || stopNow) {
            log.flush();
            lastCheckpoint = checkpoints.save(session, state);
            listener.onCheckpoint(lastCheckpoint);
          }
          if (stopNow) {
            stopped = true;
            break;
          }
        }
      }
      return new TrainResult(
          run.dir(), lastCheckpoint, state.step(), state.epoch(), stopped, spec, data.name());
    }
  }

  /** A run killed before its first checkpoint resumes as it began: from step 0, same seed. */
  private String restartFromZero() {
    return run.dir()
        + " has no checkpoint yet (its run was stopped before the first): starting again from step"
        + " 0 with seed "
        + config.seed();
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

    void add(StepMetrics m) {
      sums[0] += m.dLoss();
      sums[1] += m.gLoss();
      sums[2] += m.dReal();
      sums[3] += m.dFake();
      steps++;
    }

    TrainingListener.EpochSummary summary(int epoch, int epochs, long step, Path samples) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      int k = Math.max(steps, 1);
      var mean =
          new StepMetrics(
              (float) (sums[0] / k),
              (float) (sums[1] / k),
              (float) (sums[2] / k),
              (float) (sums[3] / k));
      return new TrainingListener.EpochSummary(
          epoch, epochs, step, mean, images / seconds, seconds, samples);
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

  /** G(fixed z) in inference mode as an 8x8 grid. */
  static void writeSamples(
      Session session,
      TrainingGraph graph,
      float[][] z,
      dev.dcgan.train.model.ModelSpec spec,
      Path file)
      throws IOException {
    float[] pixels = Tensors.run(session, graph.z, z, graph.samples);
    GeneratedImages.of(z.length, spec.height(), spec.width(), spec.channels(), pixels)
        .writeGridPng(file, 8);
  }

  public TrainConfig config() {
    return config;
  }

  public Path runDir() {
    return run.dir();
  }
}
