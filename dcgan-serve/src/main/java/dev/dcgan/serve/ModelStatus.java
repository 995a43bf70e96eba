package dev.dcgan.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** {@code GET /v1/models/<name>[/versions/<n>]}: TF Serving's {@code model_version_status}. */
final class ModelStatus {
  private ModelStatus() {}

  static JsonObject of(ModelRepository models, String name, Long version) {
    ModelRepository.Entry entry = models.entries().get(name);
    if (entry == null) throw ApiException.notFound("Could not find any versions of model " + name);
    var versions = new JsonArray();
    entry
        .served()
        .filter(s -> version == null || s.version() == version)
        .ifPresent(s -> versions.add(status(s.version(), "AVAILABLE", "OK", "")));
    if (entry.failure() != null && (version == null || entry.failedVersion() == version)) {
      versions.add(status(entry.failedVersion(), "END", "UNKNOWN", entry.failure()));
    }
    if (versions.isEmpty())
      throw ApiException.notFound("Could not find version " + version + " of model " + name);
    var o = new JsonObject();
    o.add("model_version_status", versions);
    return o;
  }

  private static JsonObject status(long version, String state, String code, String message) {
    var status = new JsonObject();
    status.addProperty("error_code", code);
    status.addProperty("error_message", message);
    var o = new JsonObject();
    o.addProperty("version", Long.toString(version));
    o.addProperty("state", state);
    o.add("status", status);
    return o;
  }
}
