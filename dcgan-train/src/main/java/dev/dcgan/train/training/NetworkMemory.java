package dev.dcgan.train.training;

import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.data.MemoryBudget;
import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Variables;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The memory that training a spec's networks takes at least, known before any graph is built for
 * them: a width the machine cannot hold is refused in one sentence that names the flag to lower,
 * rather than failing inside TensorFlow half a minute later.
 *
 * <p>In float32, 4 bytes a value: every trainable parameter's weight, gradient and Adam's two
 * moments; every other variable once (batch-norm statistics, spectral norm's vectors); with an EMA
 * generator, a shadow of each of G's variables; and for each image of a batch, every weight layer's
 * output and its gradient, in G once and in D twice (on the real and on the fake images).
 * TensorFlow's workspaces and copies come on top, so this is a floor: a network it refuses cannot
 * train here, one it passes still may not.
 *
 * <p>Counted without building the networks at their width. Every variable is a kernel between two
 * layers or a vector along one, and every layer's width is a multiple of the width unit (--ngf,
 * --ndf), so each count is a quadratic in the unit: three throwaway builds at units 1, 2 and 3 fix
 * it exactly, and it is evaluated in double at the unit asked for. A build at --ndf 100000 would
 * itself be cheap, but one at 2^27 declares a kernel of more than 2^63 elements, which makes
 * TensorFlow abort the JVM, and G's layer widths wrap around in {@code int} beyond 2^28.
 *
 * @param generator G's counts, at --ngf
 * @param discriminator D's counts, at --ndf
 */
public record NetworkMemory(Network generator, Network discriminator) {
  static final int FLOAT_BYTES = 4;

  /** A trainable parameter's weight, gradient, and Adam's first and second moments. */
  static final int TRAINABLE_COPIES = 4;

  /** A layer output kept for the backward pass, and its gradient. */
  static final int ACTIVATION_COPIES = 2;

  /** D runs on the real and on the fake images of each batch. */
  static final int D_PASSES = 2;

  /**
   * One network's counts.
   *
   * @param flag the option of its width unit
   * @param unit that unit's value
   * @param trainable parameters its optimizer updates
   * @param state its other variables
   * @param activations values its weight layers output for one image
   */
  public record Network(String flag, int unit, double trainable, double state, double activations) {
    /** Weights, gradients, Adam's moments and the other variables. */
    double variableBytes() {
      return FLOAT_BYTES * (TRAINABLE_COPIES * trainable + state);
    }
  }

  /** The counts of {@code spec}'s G and D, D built with {@code critic}. */
  public static NetworkMemory of(ModelSpec spec, CriticOptions critic) {
    var at = new Network[3][];
    for (int unit = 1; unit <= 3; unit++) at[unit - 1] = built(spec, critic, unit);
    return new NetworkMemory(
        atUnit("--ngf", spec.ngf(), at[0][0], at[1][0], at[2][0]),
        atUnit("--ndf", spec.ndf(), at[0][1], at[1][1], at[2][1]));
  }

  /** G's and D's counts at width unit {@code unit}, from their variables in a throwaway graph. */
  private static Network[] built(ModelSpec spec, CriticOptions critic, int unit) {
    var small =
        new ModelSpec(
            spec.architecture(),
            spec.latentSize(),
            spec.height(),
            spec.width(),
            spec.channels(),
            unit,
            unit,
            spec.classes(),
            spec.conditioning(),
            spec.latentCode());
    try (var graph = new Graph()) { // restored variables: no initial values, nothing allocated
      Ops tf = Ops.create(graph);
      var g = small.newGenerator(Variables.restored(tf, "generator"));
      var d = small.newDiscriminator(Variables.restored(tf, "discriminator"), critic);
      return new Network[] {
        counted("--ngf", unit, g.variables(), g.layers()),
        counted("--ndf", unit, d.variables(), d.layers())
      };
    }
  }

  private static Network counted(String flag, int unit, Variables vars, List<LayerShape> layers) {
    double trainable = size(vars.trainable());
    double activations = 0;
    for (var l : layers) activations += (double) l.outHeight() * l.outWidth() * l.outChannels();
    return new Network(flag, unit, trainable, size(vars.all()) - trainable, activations);
  }

  private static double size(List<Variable<TFloat32>> vars) {
    return vars.stream().mapToDouble(v -> v.shape().size()).sum();
  }

  /** The quadratic through the counts at units 1, 2 and 3, at {@code unit}. */
  private static Network atUnit(String flag, int unit, Network one, Network two, Network three) {
    return new Network(
        flag,
        unit,
        quadratic(one.trainable(), two.trainable(), three.trainable(), unit),
        quadratic(one.state(), two.state(), three.state(), unit),
        quadratic(one.activations(), two.activations(), three.activations(), unit));
  }

  /** Newton's forward differences: f(u) from f(1), f(2), f(3), in double (no wrap-around). */
  static double quadratic(double f1, double f2, double f3, double u) {
    double first = f2 - f1;
    double second = f3 - 2 * f2 + f1;
    return f1 + (u - 1) * first + (u - 1) * (u - 2) / 2 * second;
  }

  /** Bytes of G's variables, and of its EMA shadows with {@code ema}. */
  double generatorBytes(boolean ema) {
    double shadows = ema ? FLOAT_BYTES * (generator.trainable() + generator.state()) : 0;
    return generator.variableBytes() + shadows;
  }

  /** Values the weight layers output for {@code batch} images: G's once, D's on real and fake. */
  double activations(int batch) {
    return (double) batch * (generator.activations() + D_PASSES * discriminator.activations());
  }

  /** Bytes of those outputs and their gradients. */
  double activationBytes(int batch) {
    return FLOAT_BYTES * ACTIVATION_COPIES * activations(batch);
  }

  /** The floor of what training takes, in bytes. */
  public double bytes(int batch, boolean ema) {
    return generatorBytes(ema) + discriminator.variableBytes() + activationBytes(batch);
  }

  /**
   * Fails unless training fits {@code budget}'s share.
   *
   * @param batch images a step
   * @param ema whether an EMA generator shadows G
   * @throws ConfigurationException (a usage error: the flags ask for too much) naming the part that
   *     is largest and the flags to lower
   */
  public void require(int batch, boolean ema, MemoryBudget budget) {
    double need = bytes(batch, ema);
    if (need <= budget.available()) return;
    var parts =
        new ArrayList<>(
            List.of(
                new Part(
                    "--ndf",
                    discriminator.variableBytes(),
                    networkCause("D", discriminator),
                    "with their gradients and Adam's two moments, G's "
                        + parameters(generator)
                        + " and a batch of "
                        + batch
                        + " images' activations"),
                new Part(
                    "--ngf",
                    generatorBytes(ema),
                    networkCause("G", generator),
                    "with their gradients, Adam's two moments"
                        + (ema ? ", the EMA's shadows" : "")
                        + ", D's "
                        + parameters(discriminator)
                        + " and a batch of "
                        + batch
                        + " images' activations"),
                new Part(
                    "--batch-size",
                    activationBytes(batch),
                    String.format(
                        Locale.ROOT,
                        "--batch-size %d makes %.2g activations",
                        batch,
                        activations(batch)),
                    "with their gradients, and G's "
                        + parameters(generator)
                        + " and D's "
                        + parameters(discriminator)
                        + " with theirs and Adam's two moments")));
    parts.sort(Comparator.comparingDouble(Part::bytes).reversed());
    // The largest part's flag, and every width whose network alone is too much (a batch's
    // activations grow with the widths too, so they are named only when they lead).
    var largest = parts.get(0);
    var lower =
        parts.stream()
            .filter(p -> p == largest || (p.width() && p.bytes() > budget.available()))
            .map(Part::flag)
            .toList();
    throw new ConfigurationException(
        String.format(
            Locale.ROOT,
            "%s: %s, training needs at least %s, more than the %s of this machine's %s that it"
                + " may take; lower %s",
            largest.cause(),
            largest.rest(),
            MemoryBudget.gigabytes(need),
            MemoryBudget.gigabytes(budget.available()),
            MemoryBudget.gigabytes(budget.heapBytes()),
            String.join(" and ", lower)));
  }

  /** One flag's share of the memory, and how the sentence names it. */
  private record Part(String flag, double bytes, String cause, String rest) {
    boolean width() {
      return !flag.equals("--batch-size");
    }
  }

  private static String networkCause(String name, Network n) {
    return String.format(
        Locale.ROOT, "%s %d makes %s %.2g parameters", n.flag(), n.unit(), name, n.trainable());
  }

  private static String parameters(Network n) {
    return String.format(Locale.ROOT, "%.2g at %s %d", n.trainable(), n.flag(), n.unit());
  }
}
