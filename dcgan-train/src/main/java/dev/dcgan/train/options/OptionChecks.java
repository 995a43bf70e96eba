package dev.dcgan.train.options;

import static dev.dcgan.train.options.TrainOptions.AUGMENT;
import static dev.dcgan.train.options.TrainOptions.AUGMENT_P;
import static dev.dcgan.train.options.TrainOptions.AUGMENT_TARGET;
import static dev.dcgan.train.options.TrainOptions.BATCH_SIZE;
import static dev.dcgan.train.options.TrainOptions.CONDITIONAL;
import static dev.dcgan.train.options.TrainOptions.CONDITIONING;
import static dev.dcgan.train.options.TrainOptions.LATENT;
import static dev.dcgan.train.options.TrainOptions.LATENT_CODE;
import static dev.dcgan.train.options.TrainOptions.SYNC_BATCH_NORM;
import static dev.dcgan.train.options.TrainOptions.WORKERS;

import dev.dcgan.train.model.LatentCode;
import java.util.Set;

/**
 * The rules between options, in one place: each option's own range is its codec's; what one option
 * means for another is here. The command line, config.json, the sweep and {@code
 * TrainConfig.Builder} all pass through {@link #resolve}.
 */
public final class OptionChecks {
  private OptionChecks() {}

  /**
   * The values with the rules between them applied: checked, and made consistent where one option
   * decides another.
   *
   * @param given the options a user named (flags, sweep keys): a rule about naming an option that
   *     does not apply is an error; empty for config.json and code
   * @throws IllegalArgumentException one sentence with the fix
   */
  public static OptionValues resolve(OptionValues values, Set<Option<?>> given) {
    boolean conditional = values.get(CONDITIONAL);
    if (given.contains(CONDITIONING) && !conditional)
      throw new IllegalArgumentException(
          "--conditioning needs --conditional (it says how G takes the class)");
    if (given.contains(LATENT_CODE) && conditional)
      throw new IllegalArgumentException(
          "--latent-code is for unconditional GANs: a conditional G draws from the classes");
    // A conditional G has no latent code: its classes take the code's place.
    if (conditional) values = values.with(LATENT_CODE, 0);
    boolean augmented = !values.get(AUGMENT).policies().isEmpty();
    if (given.contains(AUGMENT_P) && !augmented)
      throw new IllegalArgumentException(
          "--augment-p needs --augment (it is how often the ops --augment names apply), e.g."
              + " --augment color,translation,cutout --augment-p auto");
    if (given.contains(AUGMENT_TARGET) && !(augmented && values.get(AUGMENT_P).adaptive()))
      throw new IllegalArgumentException(
          "--augment-target needs --augment with --augment-p auto (it is the r_t ADA's adaptive p"
              + " steers to)");
    LatentCode.requireFits(values.get(LATENT_CODE), values.get(LATENT));
    requireDataParallel(values, given);
    return values;
  }

  /** Every worker takes an equal share of the global batch. */
  private static void requireDataParallel(OptionValues values, Set<Option<?>> given) {
    int workers = values.get(WORKERS);
    // Saved with a run, --sync-batch-norm may meet one worker on resume: then it changes nothing.
    if (given.contains(SYNC_BATCH_NORM) && values.get(SYNC_BATCH_NORM) && workers == 1)
      throw new IllegalArgumentException("--sync-batch-norm needs --workers 2 or more");
    // ADA's p moves with each worker's own r_t, so the workers' p would part ways (and only the
    // chief's is checkpointed): a fixed p is the same on every worker.
    if (workers > 1
        && !values.get(AUGMENT).policies().isEmpty()
        && values.get(AUGMENT_P).adaptive())
      throw new IllegalArgumentException(
          "--augment-p auto is for one process: with --workers each worker would steer its own p;"
              + " use a fixed --augment-p P, or train with --workers 1");
    int batch = values.get(BATCH_SIZE);
    if (batch % workers != 0)
      throw new IllegalArgumentException(
          "--batch-size "
              + batch
              + " does not split evenly over --workers "
              + workers
              + " (each worker takes an equal share of the global batch)");
  }
}
