package dev.dcgan.train.serving;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A client of TF Serving's REST API for an exported DCGAN, on {@code java.net.http} and Gson:
 * {@code serving_default} in the row form ({@code "instances"}) and {@code generate} in the
 * columnar form ({@code "inputs"}), both through {@code POST
 * /v1/models/<name>[/versions/<n>]:predict}. A class-conditional model takes a class too: {@code
 * labels} with z, {@code class} with the seed.
 *
 * <pre>
 * java -cp 'dcgan-train/target/dcgan-train.jar:dcgan-train/target/lib/*' \
 *     dev.dcgan.train.serving.ServingClient http://localhost:8501 dcgan-mnist 7 16 out/
 * </pre>
 */
public final class ServingClient {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Gson GSON = new Gson();

  private final HttpClient http;
  private final URI predict;

  /**
   * @param server TF Serving's REST address, e.g. {@code http://localhost:8501}
   * @param model the model's name in TF Serving ({@code models.config}'s {@code name})
   * @param version the version to ask for, or 0 for whichever TF Serving serves by default
   */
  public ServingClient(URI server, String model, long version) {
    Objects.requireNonNull(server, "server");
    if (model == null || model.isBlank() || model.contains("/")) {
      throw new IllegalArgumentException(
          "model must be a TF Serving model name, got '" + model + "'");
    }
    if (version < 0) throw new IllegalArgumentException("version must be >= 0, got " + version);
    String base = server.toString().replaceAll("/+$", "");
    predict =
        URI.create(
            base
                + "/v1/models/"
                + model
                + (version > 0 ? "/versions/" + version : "")
                + ":predict");
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * @return the URL this client posts to
   */
  public URI predictUri() {
    return predict;
  }

  /**
   * Runs {@code serving_default}: one image per row of z.
   *
   * @param z rows of latent values
   * @return the images TF Serving returned
   * @throws IOException if TF Serving cannot be reached, answers with an error, or answers
   *     something that is not a batch of equally shaped images
   * @throws IllegalArgumentException if z holds NaN or infinity, naming the row and column
   */
  public GeneratedImages generate(float[][] z) throws IOException, InterruptedException {
    LatentNoise.requireFinite(z); // JSON has no NaN; say which value, not Gson's complaint
    var request = new JsonObject();
    request.add("instances", GSON.toJsonTree(z));
    return images(post(request), null);
  }

  /**
   * Runs a class-conditional model's {@code serving_default}: one image per row of z, of the class
   * in the same row of labels. The row form sends each row as one instance, {@code {"z": [...],
   * "labels": k}}.
   *
   * @param z rows of latent values
   * @param labels one class index per row of z
   * @return the images TF Serving returned, carrying their labels
   * @throws IOException as for {@link #generate(float[][])}
   * @throws IllegalArgumentException if z holds NaN or infinity, or labels and z differ in length
   */
  public GeneratedImages generate(float[][] z, int[] labels)
      throws IOException, InterruptedException {
    LatentNoise.requireFinite(z);
    if (labels.length != z.length) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " entries and z has " + z.length + " rows");
    }
    var instances = new JsonArray();
    for (int i = 0; i < z.length; i++) {
      var instance = new JsonObject();
      instance.add(SavedModelContract.INPUT_Z, GSON.toJsonTree(z[i]));
      instance.addProperty(SavedModelContract.INPUT_LABELS, labels[i]);
      instances.add(instance);
    }
    var request = new JsonObject();
    request.add("instances", instances);
    return images(post(request), labels.clone());
  }

  /** The images of a {@code predictions} answer, with the labels asked for (null: none). */
  private static GeneratedImages images(JsonObject answer, int[] labels) throws IOException {
    JsonArray predictions = member(answer, "predictions").getAsJsonArray();
    if (predictions.isEmpty()) throw new IOException("TF Serving returned no predictions");
    if (labels != null && predictions.size() != labels.length) {
      throw new IOException(
          "asked for " + labels.length + " images, got " + predictions.size() + " predictions");
    }
    List<Integer> dims = new ArrayList<>();
    for (JsonElement e = predictions.get(0); e.isJsonArray(); e = e.getAsJsonArray().get(0)) {
      dims.add(e.getAsJsonArray().size());
    }
    if (dims.size() != 3)
      throw new IOException(
          "expected [height][width][channels] images, got " + dims.size() + " dimensions");
    int size = dims.get(0) * dims.get(1) * dims.get(2);
    float[] pixels = new float[predictions.size() * size];
    for (int i = 0; i < predictions.size(); i++) {
      int written = flatten(predictions.get(i), pixels, i * size, (i + 1) * size) - i * size;
      if (written != size)
        throw new IOException("image " + i + " has " + written + " values, image 0 has " + size);
    }
    int n = predictions.size();
    return labels == null
        ? GeneratedImages.of(n, dims.get(0), dims.get(1), dims.get(2), pixels)
        : GeneratedImages.of(n, dims.get(0), dims.get(1), dims.get(2), pixels, labels);
  }

  /**
   * What a class-conditional model's {@code generate} signature returned.
   *
   * @param pngs the PNG files' bytes, in order
   * @param labels the class of each image (the {@link SavedModelContract#OUTPUT_LABELS} output)
   */
  public record LabelledPngs(List<byte[]> pngs, int[] labels) {}

  /**
   * Runs the {@code generate} signature: {@code count} PNG files drawn from a seed, as the model's
   * {@link SavedModelContract#OUTPUT_PNG_BYTES} output, which TF Serving sends as {@code {"b64":
   * ...}}. A class-conditional model draws random classes for a request without a class.
   *
   * @param seed the seed of z
   * @param count number of images
   * @return the PNG files' bytes, in order
   */
  public List<byte[]> generatePng(long seed, int count) throws IOException, InterruptedException {
    return pngs(member(post(generateRequest(seed, count, null)), "outputs"), count);
  }

  /**
   * Runs a class-conditional model's {@code generate} signature with a class: the images and the
   * class of each, which is {@code cls} or, for -1, drawn in the graph.
   *
   * @param seed the seed of z (and of the classes, for -1)
   * @param count number of images
   * @param cls a class index, or -1 for classes drawn uniformly
   * @return the PNG files' bytes and their labels, in order
   */
  public LabelledPngs generatePng(long seed, int count, int cls)
      throws IOException, InterruptedException {
    if (cls < -1) throw new IllegalArgumentException("class must be -1 or an index, was " + cls);
    JsonElement outputs = member(post(generateRequest(seed, count, cls)), "outputs");
    List<byte[]> pngs = pngs(outputs, count);
    JsonArray labels =
        member(outputs.getAsJsonObject(), SavedModelContract.OUTPUT_LABELS).getAsJsonArray();
    if (labels.size() != count)
      throw new IOException("asked for " + count + " labels, got " + labels.size());
    int[] out = new int[count];
    for (int i = 0; i < count; i++) out[i] = labels.get(i).getAsInt();
    return new LabelledPngs(pngs, out);
  }

  /** The columnar request of {@code generate}; {@code cls} null for an unconditional model. */
  private static JsonObject generateRequest(long seed, int count, Integer cls) {
    if (count < 1) throw new IllegalArgumentException("count must be at least 1, was " + count);
    var inputs = new JsonObject();
    inputs.addProperty(SavedModelContract.INPUT_SEED, seed);
    inputs.addProperty(SavedModelContract.INPUT_COUNT, count);
    if (cls != null) inputs.addProperty(SavedModelContract.INPUT_CLASS, cls);
    var request = new JsonObject();
    request.addProperty("signature_name", SavedModelContract.GENERATE);
    request.add("inputs", inputs);
    return request;
  }

  private static List<byte[]> pngs(JsonElement outputs, int count) throws IOException {
    JsonArray pngs =
        member(outputs.getAsJsonObject(), SavedModelContract.OUTPUT_PNG_BYTES).getAsJsonArray();
    if (pngs.size() != count)
      throw new IOException("asked for " + count + " images, got " + pngs.size());
    var files = new ArrayList<byte[]>(count);
    for (JsonElement png : pngs) {
      files.add(Base64.getDecoder().decode(member(png.getAsJsonObject(), "b64").getAsString()));
    }
    return files;
  }

  /** Posts a predict request; returns the JSON object answered, or throws TF Serving's error. */
  private JsonObject post(JsonObject body) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(predict)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(body)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonObject json;
    try {
      json = JsonParser.parseString(response.body()).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(
          predict
              + " answered "
              + response.statusCode()
              + " with something other than a JSON object: "
              + abbreviate(response.body()));
    }
    if (response.statusCode() != 200 || json.has("error")) {
      String error =
          json.has("error") ? json.get("error").getAsString() : abbreviate(response.body());
      throw new IOException(predict + " answered " + response.statusCode() + ": " + error);
    }
    return json;
  }

  private static JsonElement member(JsonObject o, String name) throws IOException {
    JsonElement e = o.get(name);
    if (e == null)
      throw new IOException("TF Serving's answer has no '" + name + "'; it has " + o.keySet());
    return e;
  }

  /** Writes the numbers of a nested array into {@code into} from {@code at}; returns the end. */
  private static int flatten(JsonElement e, float[] into, int at, int limit) throws IOException {
    if (e.isJsonArray()) {
      for (JsonElement child : e.getAsJsonArray()) at = flatten(child, into, at, limit);
      return at;
    }
    if (at >= limit) throw new IOException("an image holds more values than the first one");
    into[at] = e.getAsFloat();
    return at + 1;
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /**
   * {@code ServingClient URL MODEL SEED COUNT OUT_DIR [CLASS]}: writes OUT_DIR/imageNNNN.png; with
   * CLASS (an index, or -1 for random classes) a class-conditional model's images of that class.
   */
  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    if (args.length != 5 && args.length != 6) {
      err.println(
          "usage: ServingClient URL MODEL SEED COUNT OUT_DIR [CLASS]   (e.g. http://localhost:8501"
              + " dcgan-mnist 7 16 out; CLASS: a class-conditional model's class index, -1 random)");
      return 2;
    }
    long seed;
    int count;
    Integer cls;
    try {
      seed = Long.parseLong(args[2]);
      count = Integer.parseInt(args[3]);
      cls = args.length == 6 ? Integer.valueOf(args[5]) : null;
    } catch (NumberFormatException e) {
      err.println(
          "ServingClient: SEED, COUNT and CLASS must be integers, got '"
              + args[2]
              + "', '"
              + args[3]
              + "'"
              + (args.length == 6 ? " and '" + args[5] + "'" : ""));
      return 2;
    }
    try {
      var client = new ServingClient(URI.create(args[0]), args[1], 0);
      List<byte[]> pngs;
      String classes = "";
      if (cls == null) {
        pngs = client.generatePng(seed, count);
      } else {
        var labelled = client.generatePng(seed, count, cls);
        pngs = labelled.pngs();
        classes = " of classes " + java.util.Arrays.toString(labelled.labels());
      }
      Path dir = Path.of(args[4]);
      for (int i = 0; i < pngs.size(); i++) {
        AtomicFiles.writeBytes(
            dir.resolve(String.format(Locale.ROOT, "image%04d.png", i)), pngs.get(i));
      }
      out.println(pngs.size() + " PNGs" + classes + " from " + client.predictUri() + " -> " + dir);
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      err.println("ServingClient: " + e.getMessage());
      return 1;
    }
  }
}
