package dev.dcgan.train.training;

import dev.dcgan.train.util.SessionOptions;

/**
 * Where the run goes, how long, and how it is recorded: the run group of the option table, typed;
 * the settings a resumed run may change.
 *
 * @param epochs epochs to train in total (a resumed run continues up to this)
 * @param dir where the run's files go; null: {@code runs/<timestamp>}
 * @param keep checkpoints to keep (the newest)
 * @param checkpointEvery also checkpoint every this many G updates; 0: after each epoch only
 * @param summaryEvery TensorBoard scalars every this many G updates
 * @param intraOpThreads TensorFlow intra-op threads; 0: all cores
 * @param interOpThreads TensorFlow inter-op threads; 0: TensorFlow's choice. 1 measured 4% faster
 *     than TensorFlow's choice here (docs/performance.md)
 * @param evalEvery evaluate G (FCD) every this many epochs and keep the best checkpoint; 0: never
 */
public record RunConfig(
    int epochs,
    String dir,
    int keep,
    int checkpointEvery,
    int summaryEvery,
    int intraOpThreads,
    int interOpThreads,
    int evalEvery) {
  /** The defaults of the option table. */
  public static final RunConfig DEFAULTS = TrainConfig.defaults().run();

  public RunConfig {
    if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    if (keep < 1) throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    if (checkpointEvery < 0)
      throw new IllegalArgumentException("checkpoint-every must be >= 0, got " + checkpointEvery);
    if (summaryEvery < 1)
      throw new IllegalArgumentException("summary-every must be >= 1, got " + summaryEvery);
    new SessionOptions(intraOpThreads, interOpThreads); // validates
    if (evalEvery < 0)
      throw new IllegalArgumentException("eval-every must be >= 0, got " + evalEvery);
  }

  public SessionOptions sessionOptions() {
    return new SessionOptions(intraOpThreads, interOpThreads);
  }
}
