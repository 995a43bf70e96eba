package dev.dcgan.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A SavedModel's signature defs as TF Serving's {@code GET /v1/models/<name>/metadata} prints them:
 * the {@code SignatureDefMap} proto in proto3 JSON with its default fields printed (int64 sizes as
 * strings, {@code "name": ""} and {@code "unknown_rank": false}).
 */
final class SignatureDefs {
  private SignatureDefs() {}

  /** The {@code signature_def} object of the {@code serve} MetaGraph in {@code version}. */
  static JsonObject read(Path version) throws IOException {
    SavedModel model;
    try (InputStream in = Files.newInputStream(version.resolve("saved_model.pb"))) {
      model = SavedModel.parseFrom(in);
    }
    MetaGraphDef serve =
        model.getMetaGraphsList().stream()
            .filter(m -> m.getMetaInfoDef().getTagsList().contains("serve"))
            .findFirst()
            .orElseThrow(() -> new IOException(version + " has no MetaGraph tagged 'serve'"));
    var defs = new JsonObject();
    for (Map.Entry<String, SignatureDef> e : serve.getSignatureDefMap().entrySet()) {
      defs.add(e.getKey(), signature(e.getValue()));
    }
    var map = new JsonObject();
    map.add("signature_def", defs);
    return map;
  }

  private static JsonObject signature(SignatureDef def) {
    var o = new JsonObject();
    o.add("inputs", tensors(def.getInputsMap()));
    o.add("outputs", tensors(def.getOutputsMap()));
    o.addProperty("method_name", def.getMethodName());
    o.add("defaults", new JsonObject());
    return o;
  }

  private static JsonObject tensors(Map<String, TensorInfo> infos) {
    var o = new JsonObject();
    infos.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> o.add(e.getKey(), tensor(e.getValue())));
    return o;
  }

  private static JsonObject tensor(TensorInfo info) {
    var o = new JsonObject();
    o.addProperty("dtype", info.getDtype().name());
    o.add("tensor_shape", shape(info.getTensorShape()));
    o.addProperty("name", info.getName());
    return o;
  }

  private static JsonObject shape(TensorShapeProto shape) {
    var dims = new JsonArray();
    for (TensorShapeProto.Dim d : shape.getDimList()) {
      var dim = new JsonObject();
      dim.addProperty("size", Long.toString(d.getSize()));
      dim.addProperty("name", d.getName());
      dims.add(dim);
    }
    var o = new JsonObject();
    o.add("dim", dims);
    o.addProperty("unknown_rank", shape.getUnknownRank());
    return o;
  }
}
