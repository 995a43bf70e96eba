package dev.dcgan.train.serving;

import dev.dcgan.inference.ModelVersions;
import dev.dcgan.inference.SavedModelContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Checks a model base folder the way TF Serving will load and call it, from the files alone (no
 * TensorFlow session): numeric version folders, a {@code saved_model.pb} with a MetaGraph tagged
 * exactly {@code serve}, {@code variables/variables.index}, and signatures that TF Serving's
 * predict, classify or regress APIs accept: a known method name, at least one input and one output,
 * tensors that exist in the graph, and inputs that are either batched (dimension 0 is -1) or
 * scalars (per-request parameters, such as {@code generate}'s seed and count).
 */
public final class ServingContract {
  /** The method names TF Serving's APIs accept. */
  public static final Set<String> METHODS =
      Set.of(
          SavedModelContract.PREDICT_METHOD,
          "tensorflow/serving/classify",
          "tensorflow/serving/regress");

  private ServingContract() {}

  /**
   * @param modelBase a model's base folder, {@code models/<name>}, holding version folders
   * @return what TF Serving would reject or ignore, one line each; empty when the model is fine
   */
  public static List<String> check(Path modelBase) throws IOException {
    var problems = new ArrayList<String>();
    if (!Files.isDirectory(modelBase)) {
      problems.add(modelBase + ": not a folder");
      return problems;
    }
    var versions = new ArrayList<Path>();
    try (Stream<Path> entries = Files.list(modelBase)) {
      for (Path p : entries.filter(Files::isDirectory).sorted().toList()) {
        if (ModelVersions.versionNumber(p) >= 0) {
          versions.add(p);
        } else if (!p.getFileName().toString().startsWith(".")) {
          problems.add(p + ": not a numeric version folder, so TF Serving ignores it");
        }
      }
    }
    if (versions.isEmpty())
      problems.add(modelBase + ": no numeric version folder <base>/<n>/ for TF Serving to load");
    for (Path version : versions) checkVersion(version, problems);
    return problems;
  }

  private static void checkVersion(Path version, List<String> problems) throws IOException {
    if (!Files.isRegularFile(version.resolve("variables").resolve("variables.index"))) {
      problems.add(version + ": variables/variables.index is missing");
    }
    Path pb = version.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      problems.add(version + ": saved_model.pb is missing");
      return;
    }
    SavedModel saved;
    try (InputStream in = Files.newInputStream(pb)) {
      saved = SavedModel.parseFrom(in);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      problems.add(pb + ": not a SavedModel protocol buffer (" + e.getMessage() + ")");
      return;
    }
    // TF Serving asks for the tag set {serve}, exactly.
    MetaGraphDef meta =
        saved.getMetaGraphsList().stream()
            .filter(
                m ->
                    Set.copyOf(m.getMetaInfoDef().getTagsList())
                        .equals(Set.of(SavedModelContract.TAG)))
            .findFirst()
            .orElse(null);
    if (meta == null) {
      problems.add(
          version
              + ": no MetaGraph tagged exactly '"
              + SavedModelContract.TAG
              + "'; tag sets: "
              + saved.getMetaGraphsList().stream()
                  .map(m -> m.getMetaInfoDef().getTagsList())
                  .toList());
      return;
    }
    Map<String, SignatureDef> signatures = meta.getSignatureDefMap();
    if (!signatures.containsKey(SavedModelContract.SERVING_DEFAULT)) {
      problems.add(
          version
              + ": no '"
              + SavedModelContract.SERVING_DEFAULT
              + "' signature, which requests without signature_name get; signatures: "
              + signatures.keySet());
    }
    Set<String> nodes = new HashSet<>();
    for (NodeDef node : meta.getGraphDef().getNodeList()) nodes.add(node.getName());
    signatures.forEach(
        (key, sig) -> {
          String where = version + ": signature '" + key + "'";
          if (!METHODS.contains(sig.getMethodName())) {
            problems.add(
                where + " has method '" + sig.getMethodName() + "', not one of " + METHODS);
          }
          if (sig.getInputsCount() == 0) problems.add(where + " has no inputs");
          if (sig.getOutputsCount() == 0) problems.add(where + " has no outputs");
          sig.getInputsMap()
              .forEach(
                  (name, info) -> {
                    checkExists(where + " input '" + name + "'", info, nodes, problems);
                    var shape = info.getTensorShape();
                    if (shape.getUnknownRank()) {
                      problems.add(
                          where
                              + " input '"
                              + name
                              + "' has unknown rank; give it a -1 batch dimension (or make it a scalar)");
                    } else if (shape.getDimCount() > 0 && shape.getDim(0).getSize() != -1) {
                      problems.add(
                          where
                              + " input '"
                              + name
                              + "' has batch dimension "
                              + shape.getDim(0).getSize()
                              + ", not -1: TF Serving batches requests along it");
                    }
                  });
          sig.getOutputsMap()
              .forEach(
                  (name, info) ->
                      checkExists(where + " output '" + name + "'", info, nodes, problems));
        });
  }

  /** A signature tensor {@code "op:index"} must name a node of the graph. */
  private static void checkExists(
      String what, TensorInfo info, Set<String> nodes, List<String> problems) {
    String name = info.getName();
    int colon = name.lastIndexOf(':');
    String op = colon < 0 ? name : name.substring(0, colon);
    if (!nodes.contains(op))
      problems.add(what + " names tensor '" + name + "', which is not in the graph");
  }
}
