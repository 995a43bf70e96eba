package dev.dcgan.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Every op of a MetaGraph, with where it is and whether anything can run it: the nodes of the main
 * graph and of every function in its library, so init ops, the restore op and whatever a signature
 * reaches are all among them.
 */
public final class GraphOps {
  private GraphOps() {}

  /**
   * One node.
   *
   * @param op its op type, e.g. {@code MatMul}
   * @param node its name
   * @param function the library function it belongs to, or null for the main graph
   * @param runnable whether loading or a signature can run it; function bodies always count as
   *     runnable, since a call can hide in an attribute
   */
  public record OpUse(String op, String node, String function, boolean runnable) {
    /** "node 'n'" or "node 'n' of function 'f'", for messages. */
    String where() {
      String where =
          "node '" + node + "'" + (function == null ? "" : " of function '" + function + "'");
      return SavedModelFile.printable(where);
    }
  }

  static List<OpUse> of(MetaGraphDef metaGraph) {
    var graph = metaGraph.getGraphDef();
    Set<String> runnable = ancestors(graph.getNodeList(), roots(metaGraph));
    var uses = new ArrayList<OpUse>();
    for (NodeDef n : graph.getNodeList()) {
      uses.add(new OpUse(n.getOp(), n.getName(), null, runnable.contains(n.getName())));
    }
    for (FunctionDef f : graph.getLibrary().getFunctionList()) {
      for (NodeDef n : f.getNodeDefList()) {
        uses.add(new OpUse(n.getOp(), n.getName(), f.getSignature().getName(), true));
      }
    }
    return uses;
  }

  /**
   * The nodes something runs by name: the restore op, every collection's nodes (the init ops {@code
   * saved_model_main_op}, {@code legacy_init_op} and {@code table_initializer} among them) and
   * every tensor of every signature ({@code __saved_model_init_op} among them).
   */
  private static Set<String> roots(MetaGraphDef metaGraph) {
    var roots = new HashSet<String>();
    roots.add(metaGraph.getSaverDef().getRestoreOpName());
    for (CollectionDef c : metaGraph.getCollectionDefMap().values()) {
      roots.addAll(c.getNodeList().getValueList());
    }
    for (SignatureDef s : metaGraph.getSignatureDefMap().values()) {
      s.getInputsMap().values().forEach(t -> addTensors(t, roots));
      s.getOutputsMap().values().forEach(t -> addTensors(t, roots));
    }
    return roots;
  }

  private static void addTensors(TensorInfo t, Set<String> into) {
    into.add(t.getName());
    into.add(t.getCooSparse().getValuesTensorName());
    into.add(t.getCooSparse().getIndicesTensorName());
    into.add(t.getCooSparse().getDenseShapeTensorName());
    t.getCompositeTensor().getComponentsList().forEach(c -> addTensors(c, into));
  }

  /** The roots and every node they depend on, through data and control inputs. */
  private static Set<String> ancestors(List<NodeDef> nodes, Set<String> roots) {
    Map<String, NodeDef> byName = new HashMap<>();
    for (NodeDef n : nodes) byName.put(n.getName(), n);
    var seen = new HashSet<String>();
    var todo = new ArrayDeque<String>();
    roots.forEach(r -> todo.add(nodeName(r)));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      NodeDef n = byName.get(name);
      if (n == null || !seen.add(name)) continue;
      n.getInputList().forEach(i -> todo.add(nodeName(i)));
    }
    return seen;
  }

  /** "^a" (a control input) and "a:1" (an output) both name node "a". */
  private static String nodeName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }
}
