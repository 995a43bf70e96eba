package dev.dcgan.train.training;

import dev.dcgan.train.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;

/** Several listeners heard as one, in order. */
public final class Listeners implements TrainingListener {
  private final List<TrainingListener> all;

  private Listeners(List<TrainingListener> all) {
    this.all = List.copyOf(all);
  }

  public static TrainingListener of(TrainingListener... listeners) {
    return new Listeners(List.of(listeners));
  }

  @Override
  public void onNote(String note) {
    all.forEach(l -> l.onNote(note));
  }

  @Override
  public void onStart(
      TrainConfig config, ModelSpec spec, Path runDir, long fromStep, int batchesPerEpoch) {
    all.forEach(l -> l.onStart(config, spec, runDir, fromStep, batchesPerEpoch));
  }

  @Override
  public void onStep(long step, int epoch, int batch, StepMetrics metrics) {
    all.forEach(l -> l.onStep(step, epoch, batch, metrics));
  }

  @Override
  public void onEpoch(EpochSummary summary) {
    all.forEach(l -> l.onEpoch(summary));
  }

  @Override
  public void onCheckpoint(Path checkpoint) {
    all.forEach(l -> l.onCheckpoint(checkpoint));
  }
}
