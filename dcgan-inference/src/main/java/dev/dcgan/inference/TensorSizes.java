package dev.dcgan.inference;

import java.nio.file.Path;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Refuses shapes no DCGAN model has, read from {@code saved_model.pb} before TensorFlow sees it: a
 * constant, a variable or a placeholder whose claimed size is absurd makes TensorFlow abort the
 * whole process (a failed check in its shape code) or allocate until the machine gives out. Checked
 * in the parse that checks the ops ({@link OpAllowList}), whatever the ops are.
 */
final class TensorSizes {
  private TensorSizes() {}

  /**
   * The most elements one tensor of a model's graph may claim: 2^28, a gigabyte of float32. The
   * largest tensor of a DCGAN export, a generator's first dense kernel, holds a few million.
   */
  static final long MAX_ELEMENTS = 1L << 28;

  /** The most dimensions a shape may have; DCGAN tensors have at most four. */
  static final int MAX_RANK = 32;

  /**
   * Checks every shape the file states: node attributes (constants' values, shapes of placeholders
   * and variables, lists of either) in the graph and its function library, and the signatures'
   * tensors.
   *
   * @param version the folder the file came from, for the message
   * @throws ModelLoadException naming the first node whose shape is impossible
   */
  static void requirePlausible(SavedModel model, Path version) throws ModelLoadException {
    for (MetaGraphDef metaGraph : model.getMetaGraphsList()) {
      var graph = metaGraph.getGraphDef();
      for (NodeDef n : graph.getNodeList()) check(n, null, version);
      for (FunctionDef f : graph.getLibrary().getFunctionList()) {
        for (NodeDef n : f.getNodeDefList()) check(n, f.getSignature().getName(), version);
      }
      for (var s : metaGraph.getSignatureDefMap().entrySet())
        check(s.getKey(), s.getValue(), version);
    }
  }

  private static void check(NodeDef n, String function, Path version) throws ModelLoadException {
    String where = new GraphOps.OpUse(n.getOp(), n.getName(), function, true).where();
    for (var attr : n.getAttrMap().entrySet()) {
      String what = where + ", attribute '" + SavedModelFile.printable(attr.getKey()) + "'";
      AttrValue v = attr.getValue();
      if (v.hasShape()) check(v.getShape(), what, version);
      if (v.hasTensor()) check(v.getTensor().getTensorShape(), what, version);
      for (TensorShapeProto s : v.getList().getShapeList()) check(s, what, version);
      for (var t : v.getList().getTensorList()) check(t.getTensorShape(), what, version);
    }
  }

  private static void check(String key, SignatureDef s, Path version) throws ModelLoadException {
    String where = "signature '" + SavedModelFile.printable(key) + "'";
    for (var e : s.getInputsMap().entrySet()) check(e.getValue(), where, e.getKey(), version);
    for (var e : s.getOutputsMap().entrySet()) check(e.getValue(), where, e.getKey(), version);
  }

  private static void check(TensorInfo t, String where, String name, Path version)
      throws ModelLoadException {
    check(t.getTensorShape(), where + " tensor '" + SavedModelFile.printable(name) + "'", version);
  }

  private static void check(TensorShapeProto shape, String what, Path version)
      throws ModelLoadException {
    if (shape.getUnknownRank()) return;
    if (shape.getDimCount() > MAX_RANK) {
      throw refusal(version, what, "has " + shape.getDimCount() + " dimensions");
    }
    long elements = 1;
    for (var d : shape.getDimList()) {
      long size = d.getSize();
      if (size < -1) throw refusal(version, what, "has a dimension of size " + size);
      if (size == -1) continue; // unknown until run time
      // Each factor is at most MAX_ELEMENTS, so the product cannot overflow before the check.
      if (size > MAX_ELEMENTS || (elements *= size) > MAX_ELEMENTS) {
        throw refusal(version, what, "claims more than " + MAX_ELEMENTS + " elements");
      }
    }
  }

  private static ModelLoadException refusal(Path version, String what, String problem) {
    return new ModelLoadException(
        "Refusing to load the SavedModel in "
            + version
            + ": "
            + what
            + " "
            + problem
            + ", a shape no DCGAN model has (TensorFlow could abort the process on it)");
  }
}
