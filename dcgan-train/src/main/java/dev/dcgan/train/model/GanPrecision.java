package dev.dcgan.train.model;

import dev.dcgan.train.nn.BFloat16Kernels;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.nn.PrecisionPolicy;
import dev.dcgan.train.nn.Variables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * What G's and D's layers compute in when a run asks for {@code precision}. For bf16, every layer
 * of both networks is first checked on this machine ({@link BFloat16Kernels}): the layers whose
 * bfloat16 kernels TensorFlow computes wrongly here stay float32, the rest compute in bfloat16.
 *
 * @param wrong what the check found, one entry per layer kept in float32, e.g. "discriminator conv0
 *     (forward pass not finite)"; empty for fp32 and where every kernel is right
 */
public record GanPrecision(
    PrecisionPolicy generator, PrecisionPolicy discriminator, List<String> wrong) {
  public GanPrecision {
    wrong = List.copyOf(wrong);
  }

  /** Both networks wholly in {@code precision}, unchecked (tests, float32). */
  public static GanPrecision uniform(Precision precision) {
    return new GanPrecision(
        PrecisionPolicy.of(precision), PrecisionPolicy.of(precision), List.of());
  }

  /**
   * For training {@code spec} (D built with {@code critic}) at {@code batch} images a step: each
   * layer's forward pass and both its gradients are checked.
   */
  public static GanPrecision forTraining(
      ModelSpec spec, CriticOptions critic, Precision precision, int batch) {
    if (precision == Precision.FP32) return uniform(precision);
    try (var graph = new Graph()) { // restored variables: no initial values, nothing allocated
      Ops tf = Ops.create(graph);
      var g = spec.newGenerator(Variables.restored(tf, "generator")).layers();
      var d = spec.newDiscriminator(Variables.restored(tf, "discriminator"), critic).layers();
      var wrong = new ArrayList<String>();
      var generator = checked("generator", g, precision, batch, true, wrong);
      var discriminator = checked("discriminator", d, precision, batch, true, wrong);
      return new GanPrecision(generator, discriminator, wrong);
    }
  }

  /** For generating with {@code spec}'s G alone (an export): G's forward passes are checked. */
  public static GanPrecision forGeneration(ModelSpec spec, Precision precision, int batch) {
    if (precision == Precision.FP32) return uniform(precision);
    try (var graph = new Graph()) {
      var g = spec.newGenerator(Variables.restored(Ops.create(graph), "generator")).layers();
      var wrong = new ArrayList<String>();
      var generator = checked("generator", g, precision, batch, false, wrong);
      return new GanPrecision(generator, PrecisionPolicy.of(precision), wrong);
    }
  }

  private static PrecisionPolicy checked(
      String network,
      List<LayerShape> layers,
      Precision precision,
      int batch,
      boolean gradients,
      List<String> wrong) {
    var byLayer = new LinkedHashMap<String, List<String>>();
    for (var d : BFloat16Kernels.check(layers, batch, gradients))
      byLayer.computeIfAbsent(d.layer().name(), k -> new ArrayList<>()).add(d.describe());
    byLayer.forEach(
        (layer, passes) ->
            wrong.add(network + " " + layer + " (" + String.join(", ", passes) + ")"));
    return new PrecisionPolicy(precision, byLayer.keySet());
  }

  /** The layers kept in float32, as {@code network.layer}. */
  public Set<String> float32Layers() {
    var names = new TreeSet<String>();
    generator.float32Layers().forEach(l -> names.add("generator." + l));
    discriminator.float32Layers().forEach(l -> names.add("discriminator." + l));
    return names;
  }

  /** "a", "a and b", "a, b and c". */
  private static String inWords(List<String> items) {
    int last = items.size() - 1;
    return last == 0
        ? items.get(0)
        : String.join(", ", items.subList(0, last)) + " and " + items.get(last);
  }

  /** What a user should know: which layers compute in fp32 and why; empty if none. */
  public Optional<String> note() {
    if (wrong.isEmpty()) return Optional.empty();
    return Optional.of(
        "--precision bf16: this TensorFlow's bfloat16 kernels compute "
            + inWords(wrong)
            + " wrongly on this CPU, so "
            + (wrong.size() == 1 ? "that layer computes" : "those layers compute")
            + " in fp32 and the rest in bf16");
  }
}
