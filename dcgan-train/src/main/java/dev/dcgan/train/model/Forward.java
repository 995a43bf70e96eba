package dev.dcgan.train.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * A network's output, and the state updates (batch-norm moving statistics) that a training forward
 * pass asks the train step to run.
 */
public record Forward(Operand<TFloat32> output, List<Op> updates) {}
