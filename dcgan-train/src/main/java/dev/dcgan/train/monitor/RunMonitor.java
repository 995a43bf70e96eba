package dev.dcgan.train.monitor;

import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.training.Listeners;
import dev.dcgan.train.training.StepMetrics;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.TrainingListener;
import java.nio.file.Path;

/**
 * What a run folder gets besides its losses and checkpoints: TensorBoard events, {@code
 * samples.gif} and {@code losses.png}, and with {@code --eval-every} the evaluation and the best
 * checkpoint ({@link EvaluationListener}). Close it after training, to flush the events.
 */
public final class RunMonitor implements TrainingListener, AutoCloseable {
  private final TensorBoardListener tensorBoard;
  private final EvaluationListener evaluation; // null: no evaluation
  private final TrainingListener all;

  public RunMonitor(Path runDir, TrainConfig config) {
    tensorBoard =
        new TensorBoardListener(
            runDir, config.run().summaryEvery(), config.optimisation().batchSize());
    int every = config.run().evalEvery();
    long seed = config.optimisation().seed();
    evaluation =
        every > 0
            ? new EvaluationListener(
                runDir, every, dir -> ClassifierFcd.open(dir, seed), tensorBoard::scalar)
            : null;
    var pictures = new RunPictures(runDir);
    all =
        evaluation == null
            ? Listeners.of(tensorBoard, pictures)
            : Listeners.of(tensorBoard, pictures, evaluation);
  }

  @Override
  public void onStart(
      TrainConfig config, ModelSpec spec, Path runDir, long fromStep, int batchesPerEpoch) {
    all.onStart(config, spec, runDir, fromStep, batchesPerEpoch);
  }

  @Override
  public void onNote(String note) {
    all.onNote(note);
  }

  @Override
  public void onStep(long step, int epoch, int batch, StepMetrics metrics) {
    all.onStep(step, epoch, batch, metrics);
  }

  @Override
  public void onEpoch(EpochSummary summary) {
    all.onEpoch(summary);
  }

  @Override
  public void onCheckpoint(Path checkpoint) {
    all.onCheckpoint(checkpoint);
  }

  @Override
  public void close() {
    if (evaluation != null) evaluation.close();
    tensorBoard.close();
  }
}
