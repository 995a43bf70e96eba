package dev.dcgan.serve;

import static dev.dcgan.inference.SavedModelContract.GENERATE;
import static dev.dcgan.inference.SavedModelContract.INPUT_CLASS;
import static dev.dcgan.inference.SavedModelContract.INPUT_COUNT;
import static dev.dcgan.inference.SavedModelContract.INPUT_LABELS;
import static dev.dcgan.inference.SavedModelContract.INPUT_SEED;
import static dev.dcgan.inference.SavedModelContract.INPUT_Z;
import static dev.dcgan.inference.SavedModelContract.SERVING_DEFAULT;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.dcgan.inference.DcganModel;
import java.math.BigDecimal;
import java.util.Set;

/**
 * A {@code :predict} body of TF Serving's REST API, read and checked against one model: the row
 * form ({@code "instances"}: one entry per image) or the columnar form ({@code "inputs"}), for
 * either signature. Everything a model run would trip over is refused here, with a message naming
 * the value, so a batch never fails for one bad request.
 */
sealed interface PredictRequest {
  /** Whether the answer goes in the row form ({@code "predictions"}). */
  boolean rowForm();

  /** {@code serving_default}: one image per row of z; labels null for an unconditional model. */
  record Latents(float[][] z, int[] labels, boolean rowForm) implements PredictRequest {}

  /** {@code generate}: count images drawn from a seed; cls -1 for random classes, null if none. */
  record Seeded(long seed, int count, Long cls, boolean rowForm) implements PredictRequest {}

  /**
   * Reads a request body for {@code model}.
   *
   * @param body the parsed JSON
   * @param model the model it is for
   * @param maxImages most images one request may ask for
   * @throws ApiException 400 naming what is wrong
   */
  static PredictRequest read(JsonElement body, DcganModel model, int maxImages) {
    if (body == null || !body.isJsonObject())
      throw ApiException.badRequest("The request body must be a JSON object");
    JsonObject o = body.getAsJsonObject();
    for (String key : o.keySet()) {
      if (!Set.of("signature_name", "instances", "inputs").contains(key))
        throw ApiException.badRequest(
            "Unknown key '"
                + key
                + "'; a predict request has signature_name and instances or inputs");
    }
    String signature = SERVING_DEFAULT;
    if (o.has("signature_name")) {
      JsonElement s = o.get("signature_name");
      if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isString())
        throw ApiException.badRequest("signature_name must be a string");
      if (!s.getAsString().isEmpty()) signature = s.getAsString();
    }
    boolean rows = o.has("instances");
    if (rows == o.has("inputs")) {
      throw ApiException.badRequest(
          rows
              ? "Not both 'instances' and 'inputs' can be given"
              : "Missing 'instances' (row format) or 'inputs' (columnar format) key");
    }
    JsonElement data = o.get(rows ? "instances" : "inputs");
    return switch (signature) {
      case SERVING_DEFAULT -> latents(data, rows, model, maxImages);
      case GENERATE -> seeded(data, rows, model, maxImages);
      default ->
          throw ApiException.badRequest(
              "Serving signature name: \""
                  + signature
                  + "\" not found in signature def; this model has \""
                  + SERVING_DEFAULT
                  + "\" and \""
                  + GENERATE
                  + "\"");
    };
  }

  private static Latents latents(JsonElement data, boolean rows, DcganModel model, int maxImages) {
    boolean conditional = model.conditional();
    JsonArray zRows;
    JsonArray labelValues = null;
    if (rows) {
      JsonArray instances = array(data, "instances");
      requireCount(instances.size(), maxImages, "instances");
      zRows = new JsonArray(instances.size());
      if (conditional) labelValues = new JsonArray(instances.size());
      for (int i = 0; i < instances.size(); i++) {
        JsonElement instance = instances.get(i);
        if (instance.isJsonObject()) {
          JsonObject named = instance.getAsJsonObject();
          requireInputs(named, conditional ? Set.of(INPUT_Z, INPUT_LABELS) : Set.of(INPUT_Z), i);
          zRows.add(named.get(INPUT_Z));
          if (conditional) labelValues.add(named.get(INPUT_LABELS));
        } else if (!conditional) {
          zRows.add(instance);
        } else {
          throw ApiException.badRequest(
              "instance "
                  + i
                  + " must be an object {\"z\": [...], \"labels\": k}: the model is"
                  + " class-conditional");
        }
      }
    } else if (data.isJsonObject()) {
      JsonObject named = data.getAsJsonObject();
      requireInputs(named, conditional ? Set.of(INPUT_Z, INPUT_LABELS) : Set.of(INPUT_Z), -1);
      zRows = array(named.get(INPUT_Z), "inputs.z");
      if (conditional) labelValues = array(named.get(INPUT_LABELS), "inputs.labels");
    } else if (!conditional) {
      zRows = array(data, "inputs");
    } else {
      throw ApiException.badRequest(
          "inputs must be an object {\"z\": [[...]], \"labels\": [...]}: the model is"
              + " class-conditional");
    }
    requireCount(zRows.size(), maxImages, "rows of z");
    float[][] z = new float[zRows.size()][];
    for (int i = 0; i < z.length; i++) z[i] = zRow(zRows.get(i), i, model.latentSize());
    int[] labels = null;
    if (conditional) {
      if (labelValues.size() != z.length)
        throw ApiException.badRequest(
            "labels has " + labelValues.size() + " entries and z has " + z.length + " rows");
      int classes = model.classNames().size();
      labels = new int[z.length];
      for (int i = 0; i < z.length; i++) {
        long label = integer(labelValues.get(i), "labels[" + i + "]", "DT_INT64");
        if (label < 0 || label >= classes)
          throw ApiException.badRequest(
              "labels["
                  + i
                  + "] is "
                  + label
                  + ", not a class of the model (0.."
                  + (classes - 1)
                  + ")");
        labels[i] = (int) label;
      }
    }
    return new Latents(z, labels, rows);
  }

  private static Seeded seeded(JsonElement data, boolean rows, DcganModel model, int maxImages) {
    if (!model.hasGenerateSignature())
      throw ApiException.badRequest(
          "Serving signature name: \"" + GENERATE + "\" not found in signature def");
    JsonObject named;
    if (rows) {
      JsonArray instances = array(data, "instances");
      if (instances.size() != 1 || !instances.get(0).isJsonObject())
        throw ApiException.badRequest(
            "the \""
                + GENERATE
                + "\" signature takes one instance {\"seed\": s, \"count\": n}, got "
                + instances.size());
      named = instances.get(0).getAsJsonObject();
    } else {
      if (!data.isJsonObject())
        throw ApiException.badRequest("inputs must be an object {\"seed\": s, \"count\": n}");
      named = data.getAsJsonObject();
    }
    boolean conditional = model.conditional();
    for (String key : named.keySet()) {
      if (!Set.of(INPUT_SEED, INPUT_COUNT).contains(key)
          && !(conditional && key.equals(INPUT_CLASS)))
        throw ApiException.badRequest(
            "the \"" + GENERATE + "\" signature has no input '" + key + "'");
    }
    if (!named.has(INPUT_SEED) || !named.has(INPUT_COUNT))
      throw ApiException.badRequest(
          "the \"" + GENERATE + "\" signature needs inputs 'seed' and 'count'");
    long seed = integer(scalar(named.get(INPUT_SEED), INPUT_SEED), INPUT_SEED, "DT_INT64");
    long count = integer(scalar(named.get(INPUT_COUNT), INPUT_COUNT), INPUT_COUNT, "DT_INT32");
    if (count < 1) throw ApiException.badRequest("count must be at least 1, got " + count);
    requireCount(count, maxImages, "images (count)");
    Long cls = null;
    if (conditional) {
      cls = (long) DcganModel.RANDOM_CLASS;
      if (named.has(INPUT_CLASS)) {
        cls = integer(scalar(named.get(INPUT_CLASS), INPUT_CLASS), INPUT_CLASS, "DT_INT64");
        int classes = model.classNames().size();
        if (cls < -1 || cls >= classes)
          throw ApiException.badRequest(
              "class is "
                  + cls
                  + ", not -1 (random) or a class of the model (0.."
                  + (classes - 1)
                  + ")");
      }
    }
    return new Seeded(seed, (int) count, cls, rows);
  }

  private static void requireInputs(JsonObject named, Set<String> inputs, int instance) {
    String where = instance < 0 ? "inputs" : "instance " + instance;
    for (String key : named.keySet())
      if (!inputs.contains(key))
        throw ApiException.badRequest(
            where + " names input '" + key + "', which the signature has not; it has " + inputs);
    for (String input : inputs)
      if (!named.has(input)) throw ApiException.badRequest(where + " lacks input '" + input + "'");
  }

  private static void requireCount(long n, int max, String what) {
    if (n < 1) throw ApiException.badRequest("the request holds no " + what);
    if (n > max)
      throw ApiException.badRequest(
          n + " " + what + " in one request; at most " + max + " are served at a time");
  }

  private static JsonArray array(JsonElement e, String what) {
    if (e == null || !e.isJsonArray()) throw ApiException.badRequest(what + " must be a JSON list");
    return e.getAsJsonArray();
  }

  /** A scalar input; a one-element list is accepted too, as the row form sends it. */
  private static JsonElement scalar(JsonElement e, String name) {
    if (e.isJsonArray() && e.getAsJsonArray().size() == 1) return e.getAsJsonArray().get(0);
    return e;
  }

  private static float[] zRow(JsonElement e, int row, int width) {
    if (!e.isJsonArray())
      throw ApiException.badRequest("z row " + row + " must be a list of " + width + " numbers");
    JsonArray values = e.getAsJsonArray();
    if (values.size() != width)
      throw ApiException.badRequest(
          "z row " + row + " has width " + values.size() + ", the model expects " + width);
    float[] z = new float[width];
    for (int j = 0; j < width; j++) {
      JsonElement v = values.get(j);
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber())
        throw ApiException.badRequest(
            "z row "
                + row
                + ", column "
                + j
                + " is "
                + abbreviate(v)
                + ", not a number (DT_FLOAT)");
      z[j] = v.getAsFloat();
      if (!Float.isFinite(z[j]))
        throw ApiException.badRequest(
            "z row " + row + ", column " + j + " is " + z[j] + "; z must be finite numbers");
    }
    return z;
  }

  private static long integer(JsonElement e, String what, String dtype) {
    if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber())
      throw ApiException.badRequest(
          what + " is " + abbreviate(e) + ", not an integer (" + dtype + ")");
    try {
      BigDecimal d = e.getAsBigDecimal();
      long v = d.longValueExact();
      if (dtype.equals("DT_INT32") && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE))
        throw new ArithmeticException();
      return v;
    } catch (ArithmeticException | NumberFormatException x) {
      throw ApiException.badRequest(
          what + " is " + abbreviate(e) + ", not an integer (" + dtype + ")");
    }
  }

  private static String abbreviate(JsonElement e) {
    String s = String.valueOf(e);
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
