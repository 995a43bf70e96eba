package dev.dcgan.train.training;

import dev.dcgan.train.model.ModelSpec;
import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param checkpoint the newest checkpoint written
 * @param steps G updates in total
 * @param epochs completed epochs
 * @param stopped true if {@link Trainer#requestStop()} ended it early
 * @param classes a conditional generator's class names; null for an unconditional one
 */
public record TrainResult(
    Path runDir,
    Path checkpoint,
    long steps,
    int epochs,
    boolean stopped,
    ModelSpec spec,
    String dataset,
    java.util.List<String> classes) {}
