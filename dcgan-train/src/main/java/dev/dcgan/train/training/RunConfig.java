package dev.dcgan.train.training;

import dev.dcgan.train.util.SessionOptions;

/**
 * Where the run goes, how long, and how it is recorded: the settings a resumed run may change.
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
  public static final RunConfig DEFAULTS = new RunConfig(10, null, 3, 0, 50, 0, 1, 0);

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

  public RunConfig withEpochs(int n) {
    return new RunConfig(
        n, dir, keep, checkpointEvery, summaryEvery, intraOpThreads, interOpThreads, evalEvery);
  }

  public RunConfig withDir(String d) {
    return new RunConfig(
        epochs, d, keep, checkpointEvery, summaryEvery, intraOpThreads, interOpThreads, evalEvery);
  }
}
