package dev.dcgan.train.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One network's variables: where its layers get them, and the list its optimizer updates.
 *
 * <p>Variables are named {@code <network>.<layer>.<name>}, so a checkpoint of the training graph
 * restores by name into any other graph built with the same layers (the export graph, for one).
 * Dots, not slashes: TF Java's optimizers name their slots after the variable and reject a '/'.
 * Fresh variables are initialised from stateless random ops seeded by (seed, creation index), so a
 * seed fixes the initial weights exactly.
 */
public final class Variables {
  private final Ops tf;
  private final String network;
  private final boolean initialise;
  private final long seed;
  private final PrecisionPolicy precision;
  private CrossReplicaMean batchStatistics; // null: each replica's own (a data-parallel hook)
  private final List<Variable<TFloat32>> trainable = new ArrayList<>();
  private final List<Variable<TFloat32>> all = new ArrayList<>();

  private Variables(
      Ops tf, String network, boolean initialise, long seed, PrecisionPolicy precision) {
    this.tf = tf;
    this.network = network;
    this.initialise = initialise;
    this.seed = seed;
    this.precision = precision;
  }

  /** Variables initialised when the session first runs (training). */
  public static Variables initialised(Ops tf, String network, long seed) {
    return new Variables(tf, network, true, seed, PrecisionPolicy.of(Precision.FP32));
  }

  /** Variables without initialisers, to be restored from a checkpoint (export, evaluation). */
  public static Variables restored(Ops tf, String network) {
    return new Variables(tf, network, false, 0, PrecisionPolicy.of(Precision.FP32));
  }

  /**
   * These variables for layers that compute in {@code p}: the variables themselves stay float32
   * (and keep their names, so a checkpoint restores into either precision).
   */
  public Variables computingIn(Precision p) {
    return computingIn(PrecisionPolicy.of(p));
  }

  /** These variables for layers that compute as {@code policy} says, layer by layer. */
  public Variables computingIn(PrecisionPolicy policy) {
    if (!all.isEmpty())
      throw new IllegalStateException("set the precision before the layers are built");
    var v = new Variables(tf, network, initialise, seed, policy);
    v.batchStatistics = batchStatistics;
    return v;
  }

  /**
   * These variables for layers whose batch norms normalise with statistics averaged over the
   * replicas of a data-parallel run ({@code mean}), instead of each replica's own.
   */
  public Variables withBatchStatistics(CrossReplicaMean mean) {
    if (!all.isEmpty())
      throw new IllegalStateException("set the batch statistics before the layers are built");
    var v = new Variables(tf, network, initialise, seed, precision);
    v.batchStatistics = mean;
    return v;
  }

  /** The cross-replica mean of batch statistics; null: each replica's own. */
  public CrossReplicaMean batchStatistics() {
    return batchStatistics;
  }

  /** What the layers built over these variables compute in. */
  public PrecisionPolicy precision() {
    return precision;
  }

  /** The precision the layer named {@code layer} computes in. */
  public Precision precision(String layer) {
    return precision.of(layer);
  }

  /** A trainable variable in the given layer. */
  public Variable<TFloat32> trainable(String layer, String name, Shape shape, Init init) {
    var v = create(layer, name, shape, init);
    trainable.add(v);
    return v;
  }

  /** State that the optimizer must not touch (batch-norm moving statistics). */
  public Variable<TFloat32> state(String layer, String name, Shape shape, Init init) {
    return create(layer, name, shape, init);
  }

  private Variable<TFloat32> create(String layer, String name, Shape shape, Init init) {
    String fullName = network + "." + layer + "." + name;
    Variable<TFloat32> v;
    if (initialise) {
      v = tf.withName(fullName).variable(initialValue(tf.withInitScope(), shape, init));
    } else {
      v = tf.withName(fullName).variable(shape, TFloat32.class);
    }
    all.add(v);
    return v;
  }

  private Operand<TFloat32> initialValue(Ops init, Shape shape, Init kind) {
    return switch (kind) {
      case ZEROS -> init.zeros(init.constant(shape), TFloat32.class);
      case ONES -> init.fill(init.constant(shape), init.constant(1f));
      case NORMAL_0_02 ->
          init.math.mul(
              init.random.statelessRandomNormal(
                  init.constant(shape), init.constant(new long[] {seed, all.size()})),
              init.constant(0.02f));
      case NORMAL ->
          init.random.statelessRandomNormal(
              init.constant(shape), init.constant(new long[] {seed, all.size()}));
    };
  }

  /** The variables this network's optimizer updates, in creation order. */
  public List<Variable<TFloat32>> trainable() {
    return Collections.unmodifiableList(trainable);
  }

  /** Every variable of this network, trainable or not. */
  public List<Variable<TFloat32>> all() {
    return Collections.unmodifiableList(all);
  }

  /** The network these variables belong to, e.g. {@code generator}. */
  public String network() {
    return network;
  }
}
