package dev.dcgan.inference;

import dev.dcgan.inference.GraphOps.OpUse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * The op types a SavedModel may contain to be loaded without {@link
 * DcganModel.LoadOptions#allowUnsafeOps()}: those this project's exports contain (generators of
 * both architectures, unconditional or class-conditional, with their {@code generate} signature,
 * the evaluation classifiers, the tests' stand-in generator), listed with {@code dcgan inspect}.
 * Loading a SavedModel runs its restore and init ops, and a signature runs whatever it reaches; an
 * op outside this list (WriteFile, ReadFile, MatchingFiles, PrintV2 to a file, ...) is refused
 * before TensorFlow sees the model.
 */
public final class OpAllowList {
  private OpAllowList() {}

  /** Ops that neither read nor write anything outside the session's memory. */
  static final Set<String> ALLOWED =
      Stream.of(
              // Graph plumbing: constants, feeds, names, grouping.
              List.of("Const", "Identity", "NoOp", "Placeholder", "PlaceholderWithDefault"),
              // Variables: created, assigned from the checkpoint or from zeros.
              List.of("VariableV2", "Assign", "ZerosLike"),
              // Restore: reads the variables of TensorFlow's checkpoint format; the loader feeds it
              // the model's own variables/ folder.
              List.of("RestoreV2"),
              // The networks: dense, convolution, transposed convolution, batch norm, activations.
              List.of(
                  "MatMul",
                  "BiasAdd",
                  "Conv2D",
                  "Conv2DBackpropInput",
                  "FusedBatchNormV3",
                  "Relu",
                  "LeakyRelu",
                  "Tanh",
                  "Sigmoid"),
              // Tensor arithmetic and shapes around them.
              List.of(
                  "Add",
                  "Mul",
                  "Reshape",
                  "Shape",
                  "Pack",
                  "GatherV2",
                  "Cast",
                  "ClipByValue",
                  "Round",
                  "Range",
                  "Less"),
              // The generate signature: z from a seed, PNG encoding in memory, and the TF1 while
              // loop that encodes one image per iteration.
              List.of(
                  "StatelessRandomNormal",
                  "EncodePng",
                  "Enter",
                  "Exit",
                  "LoopCond",
                  "Merge",
                  "NextIteration",
                  "Switch",
                  "TensorArrayV3",
                  "TensorArrayWriteV3",
                  "TensorArrayGatherV3"),
              // A class-conditional generator's generate signature: the asked class repeated, or
              // classes drawn from the seed (G's label embedding is a GatherV2, listed above).
              List.of("Fill", "SelectV2", "StatelessRandomUniformInt"),
              // A generator with a latent code reads it off z: argmax of z's first entries.
              List.of("ArgMax"),
              // Checks of a conditional generator's inputs (one label per row of z, no class
              // below -1): an assertion fails the run with its message, and touches nothing.
              List.of("Assert", "Equal", "Size"))
          .flatMap(List::stream)
          .collect(Collectors.toUnmodifiableSet());

  /**
   * Ops that write files but sit in every export, in the save path TensorFlow's Saver adds beside
   * the restore path: allowed only where nothing runs them, i.e. neither the loader (restore and
   * init ops) nor a signature reaches them. Loading never saves.
   */
  static final Set<String> ALLOWED_IF_NEVER_RUN = Set.of("SaveV2");

  /**
   * The outcome of a check.
   *
   * @param opTypes every op type in the model, sorted
   * @param refused the nodes whose op is not allowed, in graph order
   */
  public record Verdict(SortedSet<String> opTypes, List<OpUse> refused) {
    private static final int LISTED_TYPES = 10;

    public boolean passed() {
      return refused.isEmpty();
    }

    /**
     * The refused op types with the first node of each, e.g. "WriteFile (node 'w')"; at most
     * {@value #LISTED_TYPES} types, so a forged model cannot make the message huge.
     */
    public String describeRefused() {
      var byType =
          refused.stream()
              .collect(Collectors.groupingBy(OpUse::op, TreeMap::new, Collectors.toList()));
      String listed =
          byType.entrySet().stream()
              .limit(LISTED_TYPES)
              .map(e -> SavedModelFile.printable(e.getKey()) + " (" + describe(e.getValue()) + ")")
              .collect(Collectors.joining(", "));
      int more = byType.size() - LISTED_TYPES;
      return more > 0 ? listed + " and " + more + " more op types" : listed;
    }

    private static String describe(List<OpUse> uses) {
      OpUse first = uses.get(0);
      String where =
          first.where()
              + (ALLOWED_IF_NEVER_RUN.contains(first.op())
                  ? ", which the loader or a signature can run"
                  : "");
      return uses.size() == 1 ? where : where + " and " + (uses.size() - 1) + " more";
    }

    /** The error for a model with refused ops, naming its folder and how to load it anyway. */
    public UnsafeModelException refusal(Path version) {
      return new UnsafeModelException(
          "Refusing to load the SavedModel in "
              + version
              + ": it contains ops that no DCGAN export has and that may read or write files when"
              + " it loads or runs: "
              + describeRefused()
              + "; if you trust the model, pass --allow-unsafe-ops"
              + " (DcganModel.LoadOptions.defaults().allowUnsafeOps() in Java)",
          refused.stream().map(OpUse::op).collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  /** Checks every op of every MetaGraph in {@code model}. */
  public static Verdict check(SavedModel model) {
    var types = new TreeSet<String>();
    var refused = new ArrayList<OpUse>();
    for (MetaGraphDef metaGraph : model.getMetaGraphsList()) {
      for (OpUse use : GraphOps.of(metaGraph)) {
        types.add(use.op());
        if (!allowed(use)) refused.add(use);
      }
    }
    return new Verdict(types, List.copyOf(refused));
  }

  private static boolean allowed(OpUse use) {
    return ALLOWED.contains(use.op())
        || (ALLOWED_IF_NEVER_RUN.contains(use.op()) && !use.runnable());
  }

  /**
   * Reads {@code saved_model.pb} of a version folder and throws unless every op is allowed and
   * every shape plausible ({@link TensorSizes}); runs nothing. To load what was checked, use {@link
   * PrivateModelCopy}: TensorFlow reads the folder again.
   *
   * @throws UnsafeModelException naming the refused ops
   * @throws ModelLoadException if the file is not a SavedModel, or claims an impossible shape
   */
  public static void requireAllowed(Path version) throws ModelLoadException {
    SavedModel model = SavedModelFile.read(version);
    TensorSizes.requirePlausible(model, version);
    Verdict verdict = check(model);
    if (!verdict.passed()) throw verdict.refusal(version);
  }
}
