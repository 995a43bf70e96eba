package dev.dcgan.train.training;

import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.train.data.BatchSampler;
import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.ImageDataset;
import dev.dcgan.train.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The training loop: epochs of shuffled batches, one alternating D/G step per batch, a losses
 * row per step, and after every epoch a sample grid and a checkpoint.
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

  /** Continues the run in {@code runDir} from its newest checkpoint, up to {@code epochs} (0: as configured). */
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

  public TrainResult train(TrainingListener listener) throws IOException {
    ImageDataset data = DataSets.load(config.dataPath(), Split.TRAIN);
    if (config.limit() > 0) data = data.first(config.limit());
    var spec = config.modelSpec(data.height(), data.width(), data.channels());
    var sampler = new BatchSampler(data, config.batchSize(), config.seed());
    var checkpoints = run.checkpoints(config.keep());

    try (var graph = new TrainingGraph(spec, config.dAdam(), config.gAdam(), config.seed());
        Session session = config.sessionOptions().newSession(graph.graph())) {
      var state = new Checkpoints.State(0, 0, 0, 0, 0);
      if (resuming) {
        Path latest = Checkpoints.latestOf(run.dir());
        session.restore(Checkpoints.variablesPrefix(latest));
        state = Checkpoints.readState(latest);
      } else {
        run.writeConfig(config);
        run.writeModelInfo(new RunFolder.ModelInfo(spec, data.name()));
      }
      var step = new TrainStep(graph, session);
      float[][] fixedZ = LatentNoise.gaussian(SAMPLE_COUNT, spec.latentSize(), config.seed());
      byte[] batchBytes = new byte[config.batchSize() * data.imageBytes()];
      Path lastCheckpoint = null;
      boolean stopped = false;

      listener.onStart(config, run.dir(), state.step(), sampler.batchesPerEpoch());
      try (var log = new LossLog(run.losses(), state.step())) {
        long stepCount = state.step();
        long dUpdates = state.dUpdates();
        long images = state.imagesSeen();
        int batch = state.batch();
        for (int epoch = state.epoch(); epoch < config.epochs() && !stopped; epoch++) {
          int[] order = sampler.order(epoch);
          var sums = new double[4];
          int stepsThisEpoch = 0;
          long imagesThisEpoch = 0;
          long t0 = System.nanoTime();
          for (; batch < sampler.batchesPerEpoch(); batch++) {
            int n = sampler.fill(order, batch, batchBytes);
            long key = config.seed() * 0x9E3779B97F4A7C15L + dUpdates;
            boolean updateG = (dUpdates + 1) % config.dStepsPerG() == 0;
            try (TUint8 real = TUint8.tensorOf(Shape.of(n, data.height(), data.width(), data.channels()),
                DataBuffers.of(batchBytes, true, false).narrow(n * (long) data.imageBytes()))) {
              if (updateG) {
                StepMetrics m = step.dThenG(real, key);
                stepCount++;
                if (!m.finite()) throw diverged(stepCount, epoch, m, checkpoints);
                log.append(stepCount, epoch + 1, m);
                sums[0] += m.dLoss(); sums[1] += m.gLoss(); sums[2] += m.dReal(); sums[3] += m.dFake();
                stepsThisEpoch++;
                listener.onStep(stepCount, epoch + 1, batch + 1, m);
              } else {
                float dLoss = step.dOnly(real, key);
                if (!Float.isFinite(dLoss)) {
                  throw diverged(stepCount + 1, epoch, new StepMetrics(dLoss, Float.NaN, Float.NaN, Float.NaN), checkpoints);
                }
              }
            }
            dUpdates++;
            images += n;
            imagesThisEpoch += n;
            if (stopRequested.get()) {
              stopped = batch + 1 < sampler.batchesPerEpoch();
              batch++;
              break;
            }
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          log.flush();
          boolean epochDone = batch >= sampler.batchesPerEpoch();
          int nextEpoch = epochDone ? epoch + 1 : epoch;
          int nextBatch = epochDone ? 0 : batch;
          if (epochDone) {
            Path samples = run.samples(epoch + 1);
            writeSamples(session, graph, fixedZ, spec.height(), spec.width(), spec.channels(), samples);
            int k = Math.max(stepsThisEpoch, 1);
            var mean = new StepMetrics((float) (sums[0] / k), (float) (sums[1] / k), (float) (sums[2] / k), (float) (sums[3] / k));
            listener.onEpoch(new TrainingListener.EpochSummary(epoch + 1, config.epochs(), stepCount, mean,
                imagesThisEpoch / seconds, seconds, samples));
          }
          lastCheckpoint = checkpoints.save(session, new Checkpoints.State(stepCount, dUpdates, nextEpoch, nextBatch, images));
          listener.onCheckpoint(lastCheckpoint);
          batch = nextBatch;
          if (stopRequested.get()) stopped = true;
          state = new Checkpoints.State(stepCount, dUpdates, nextEpoch, nextBatch, images);
        }
      }
      return new TrainResult(run.dir(), lastCheckpoint, state.step(), state.epoch(), stopped, spec, data.name());
    }
  }

  private TrainingDivergedException diverged(long step, int epoch, StepMetrics m, Checkpoints checkpoints) throws IOException {
    String last = checkpoints.latest().map(Path::toString).orElse("none yet");
    return new TrainingDivergedException(String.format(java.util.Locale.ROOT,
        "training diverged at step %d (epoch %d): d_loss=%s g_loss=%s D(x)=%s D(G(z))=%s; last good checkpoint: %s",
        step, epoch + 1, m.dLoss(), m.gLoss(), m.dReal(), m.dFake(), last));
  }

  /** G(fixed z) in inference mode as an 8x8 grid. */
  static void writeSamples(Session session, TrainingGraph graph, float[][] z, int h, int w, int c, Path file)
      throws IOException {
    float[] pixels = Tensors.run(session, graph.z, z, graph.samples);
    GeneratedImages.of(z.length, h, w, c, pixels).writeGridPng(file, 8);
  }

  public TrainConfig config() {
    return config;
  }

  public Path runDir() {
    return run.dir();
  }
}
