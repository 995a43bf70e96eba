package dev.dcgan.serve;

import static dev.dcgan.serve.ServeFixture.CONDITIONAL;
import static dev.dcgan.serve.ServeFixture.MNIST;
import static dev.dcgan.serve.ServeFixture.get;
import static dev.dcgan.serve.ServeFixture.post;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.LatentNoise;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The REST API against TF Serving's documented forms (status, metadata, predict in the row and
 * columnar forms, both signatures), answers equal to the model's own, and every kind of bad input
 * answered 4xx with {@code {"error": ...}} alone.
 */
class RestApiTest {
  private static final Gson GSON = new Gson();
  @TempDir static Path tmp;
  static DcganServer server;
  static URI base;

  @BeforeAll
  static void start() throws Exception {
    Path models = ServeFixture.modelsFolder(tmp.resolve("models"), MNIST, CONDITIONAL);
    var limits = ServeLimits.defaults().withMaxImages(64).withMaxBodyBytes(1 << 20);
    server = DcganServer.start(DcganServer.Config.of(models).withPort(0).withLimits(limits));
    base = server.uri();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static URI uri(String path) {
    return base.resolve(path);
  }

  static DcganModel model(String name) {
    return server.models().find(name, null).model();
  }

  static long version(String name) {
    return server.models().find(name, null).version();
  }

  @Test
  void statusIsTfServingsModelVersionStatus() throws Exception {
    var answer = get(uri("/v1/models/" + MNIST));
    assertEquals(200, answer.status());
    assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
    String v = Long.toString(version(MNIST));
    var expected =
        GSON.fromJson(
            "{\"model_version_status\": [{\"version\": \""
                + v
                + "\", \"state\": \"AVAILABLE\", \"status\": {\"error_code\": \"OK\","
                + " \"error_message\": \"\"}}]}",
            JsonObject.class);
    assertEquals(expected, answer.json());
    assertEquals(expected, get(uri("/v1/models/" + MNIST + "/versions/" + v)).json());
  }

  @Test
  void metadataPrintsBothSignatureDefs() throws Exception {
    String v = Long.toString(version(CONDITIONAL));
    var o = get(uri("/v1/models/" + CONDITIONAL + "/metadata")).json();
    assertEquals(
        GSON.fromJson(
            "{\"name\": \""
                + CONDITIONAL
                + "\", \"signature_name\": \"\", \"version\": \""
                + v
                + "\"}",
            JsonObject.class),
        o.getAsJsonObject("model_spec"));
    JsonObject defs =
        o.getAsJsonObject("metadata")
            .getAsJsonObject("signature_def")
            .getAsJsonObject("signature_def");
    assertEquals(List.of("generate", "serving_default"), defs.keySet().stream().sorted().toList());
    JsonObject z =
        defs.getAsJsonObject("serving_default").getAsJsonObject("inputs").getAsJsonObject("z");
    assertEquals("DT_FLOAT", z.get("dtype").getAsString());
    assertEquals(
        GSON.fromJson(
            "{\"dim\": [{\"size\": \"-1\", \"name\": \"\"}, {\"size\": \"100\", \"name\": \"\"}],"
                + " \"unknown_rank\": false}",
            JsonObject.class),
        z.get("tensor_shape"));
    assertEquals(
        "tensorflow/serving/predict",
        defs.getAsJsonObject("generate").get("method_name").getAsString());
    assertEquals(
        "DT_STRING",
        defs.getAsJsonObject("generate")
            .getAsJsonObject("outputs")
            .getAsJsonObject("png_bytes")
            .get("dtype")
            .getAsString());
  }

  /** Every value of {@code model.generate(z)}, as nested lists per image. */
  static float[] flat(JsonArray images) {
    var values = new java.util.ArrayList<Float>();
    flatten(images, values);
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) out[i] = values.get(i);
    return out;
  }

  private static void flatten(JsonElement e, List<Float> into) {
    if (e.isJsonArray()) for (var c : e.getAsJsonArray()) flatten(c, into);
    else into.add(e.getAsFloat());
  }

  @Test
  void servingDefaultRowAndColumnarFormsGiveTheModelsImages() throws Exception {
    float[][] z = LatentNoise.gaussian(3, 100, 11);
    float[] expected = model(MNIST).generate(z).pixels();
    String zJson = GSON.toJson(z);

    var rows = post(uri("/v1/models/" + MNIST + ":predict"), "{\"instances\": " + zJson + "}");
    assertEquals(200, rows.status(), rows.body());
    JsonArray predictions = rows.json().getAsJsonArray("predictions");
    assertEquals(3, predictions.size());
    assertEquals(28, predictions.get(0).getAsJsonArray().size());
    assertEquals(
        1,
        predictions.get(0).getAsJsonArray().get(0).getAsJsonArray().get(0).getAsJsonArray().size());
    assertArrayEquals(expected, flat(predictions));

    var named = new JsonArray();
    for (float[] row : z) {
      var instance = new JsonObject();
      instance.add("z", GSON.toJsonTree(row));
      named.add(instance);
    }
    var namedRows =
        post(
            uri("/v1/models/" + MNIST + "/versions/" + version(MNIST) + ":predict"),
            "{\"signature_name\": \"serving_default\", \"instances\": " + named + "}");
    assertArrayEquals(expected, flat(namedRows.json().getAsJsonArray("predictions")));

    var columns =
        post(uri("/v1/models/" + MNIST + ":predict"), "{\"inputs\": {\"z\": " + zJson + "}}");
    assertArrayEquals(expected, flat(columns.json().getAsJsonArray("outputs")));
    var bare = post(uri("/v1/models/" + MNIST + ":predict"), "{\"inputs\": " + zJson + "}");
    assertArrayEquals(expected, flat(bare.json().getAsJsonArray("outputs")));
  }

  @Test
  void conditionalServingDefaultTakesLabelsInBothForms() throws Exception {
    float[][] z = LatentNoise.gaussian(2, 100, 5);
    int[] labels = {7, 2};
    float[] expected = model(CONDITIONAL).generate(z, labels).pixels();
    var instances = new JsonArray();
    for (int i = 0; i < z.length; i++) {
      var instance = new JsonObject();
      instance.add("z", GSON.toJsonTree(z[i]));
      instance.addProperty("labels", labels[i]);
      instances.add(instance);
    }
    var rows =
        post(uri("/v1/models/" + CONDITIONAL + ":predict"), "{\"instances\": " + instances + "}");
    assertEquals(200, rows.status(), rows.body());
    assertArrayEquals(expected, flat(rows.json().getAsJsonArray("predictions")));
    var columns =
        post(
            uri("/v1/models/" + CONDITIONAL + ":predict"),
            "{\"inputs\": {\"z\": " + GSON.toJson(z) + ", \"labels\": [7, 2]}}");
    assertArrayEquals(expected, flat(columns.json().getAsJsonArray("outputs")));
  }

  @Test
  void generateSignatureSendsPngsAsB64() throws Exception {
    var expected = model(MNIST).generatePng(9, 2);
    var columns =
        post(
            uri("/v1/models/" + MNIST + ":predict"),
            "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 9, \"count\": 2}}");
    assertEquals(200, columns.status(), columns.body());
    JsonObject outputs = columns.json().getAsJsonObject("outputs");
    assertEquals(List.of("images_uint8", "png_bytes"), outputs.keySet().stream().sorted().toList());
    for (int i = 0; i < 2; i++) {
      String b64 =
          outputs.getAsJsonArray("png_bytes").get(i).getAsJsonObject().get("b64").getAsString();
      assertArrayEquals(expected.png(i), Base64.getDecoder().decode(b64));
    }
    assertEquals(
        expected.uint8()[28 * 14 + 14] & 0xff,
        outputs
            .getAsJsonArray("images_uint8")
            .get(0)
            .getAsJsonArray()
            .get(14)
            .getAsJsonArray()
            .get(14)
            .getAsJsonArray()
            .get(0)
            .getAsInt());

    var rows =
        post(
            uri("/v1/models/" + CONDITIONAL + ":predict"),
            "{\"signature_name\": \"generate\", \"instances\": [{\"seed\": [4], \"count\": [3], \"class\": [7]}]}");
    assertEquals(200, rows.status(), rows.body());
    var expectedSeven = model(CONDITIONAL).generatePng(4, 3, 7);
    JsonArray predictions = rows.json().getAsJsonArray("predictions");
    assertEquals(3, predictions.size());
    for (int i = 0; i < 3; i++) {
      JsonObject p = predictions.get(i).getAsJsonObject();
      assertEquals(7, p.get("labels").getAsInt());
      assertArrayEquals(
          expectedSeven.png(i),
          Base64.getDecoder().decode(p.getAsJsonObject("png_bytes").get("b64").getAsString()));
    }
  }

  static Stream<Arguments> badRequests() {
    String mnist = "/v1/models/" + MNIST + ":predict";
    String cond = "/v1/models/" + CONDITIONAL + ":predict";
    String z100 = GSON.toJson(new float[100]);
    String big =
        "{\"instances\": [" + String.join(",", java.util.Collections.nCopies(65, z100)) + "]}";
    String huge = "{\"instances\": [" + "0,".repeat(600_000) + "0]}";
    return Stream.of(
        Arguments.of("garbage", mnist, "{\"instances\": [[0.1,", 400, "JSON Parse error"),
        Arguments.of("not JSON at all", mnist, "<html>", 400, "JSON Parse error"),
        Arguments.of("deep nesting", mnist, "[".repeat(100_000), 400, "JSON Parse error"),
        Arguments.of("NaN", mnist, "{\"instances\": [[NaN]]}", 400, "finite"),
        Arguments.of(
            "Infinity as a large number",
            mnist,
            "{\"instances\": [[1e999" + ",0".repeat(99) + "]]}",
            400,
            "finite"),
        Arguments.of(
            "wrong width",
            mnist,
            "{\"instances\": [[0.5, 1]]}",
            400,
            "width 2, the model expects 100"),
        Arguments.of(
            "a string in z",
            mnist,
            "{\"instances\": [[\"a\"" + ",0".repeat(99) + "]]}",
            400,
            "not a number (DT_FLOAT)"),
        Arguments.of(
            "neither form",
            mnist,
            "{\"signature_name\": \"serving_default\"}",
            400,
            "Missing 'instances'"),
        Arguments.of("both forms", mnist, "{\"instances\": [], \"inputs\": []}", 400, "Not both"),
        Arguments.of("no rows", mnist, "{\"instances\": []}", 400, "holds no"),
        Arguments.of("too many rows", mnist, big, 400, "at most 64"),
        Arguments.of("body too large", mnist, huge, 413, "larger than"),
        Arguments.of(
            "unknown signature",
            mnist,
            "{\"signature_name\": \"x\", \"instances\": [" + z100 + "]}",
            400,
            "not found in signature def"),
        Arguments.of(
            "count too large",
            mnist,
            "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 1, \"count\": 1000000}}",
            400,
            "at most 64"),
        Arguments.of(
            "count zero",
            mnist,
            "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 1, \"count\": 0}}",
            400,
            "at least 1"),
        Arguments.of(
            "seed not an integer",
            mnist,
            "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 1.5, \"count\": 1}}",
            400,
            "not an integer (DT_INT64)"),
        Arguments.of(
            "class on an unconditional model",
            mnist,
            "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 1, \"count\": 1, \"class\": 3}}",
            400,
            "no input 'class'"),
        Arguments.of(
            "label out of range",
            cond,
            "{\"instances\": [{\"z\": " + z100 + ", \"labels\": 10}]}",
            400,
            "not a class of the model (0..9)"),
        Arguments.of(
            "label not an integer",
            cond,
            "{\"instances\": [{\"z\": " + z100 + ", \"labels\": 2.5}]}",
            400,
            "not an integer"),
        Arguments.of(
            "conditional without labels",
            cond,
            "{\"instances\": [" + z100 + "]}",
            400,
            "class-conditional"),
        Arguments.of(
            "class out of range",
            cond,
            "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 1, \"count\": 1, \"class\": 12}}",
            400,
            "not -1 (random) or a class"),
        Arguments.of(
            "unknown model",
            "/v1/models/nope:predict",
            "{}",
            404,
            "Servable not found for request: Latest(nope)"),
        Arguments.of(
            "unknown version",
            "/v1/models/" + MNIST + "/versions/999:predict",
            "{}",
            404,
            "Specific(" + MNIST + ", 999)"),
        Arguments.of(
            "unknown verb", "/v1/models/" + MNIST + ":explode", "{}", 404, "Malformed request"),
        Arguments.of("classify", "/v1/models/" + MNIST + ":classify", "{}", 400, "predict only"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badInputIsA4xxWithTfServingsErrorBody(
      String what, String path, String body, int status, String message) throws Exception {
    var answer = post(uri(path), body);
    assertError(answer, status, message);
  }

  static void assertError(ServeFixture.Answer answer, int status, String message) {
    assertEquals(status, answer.status(), answer.body());
    JsonObject o = answer.json();
    assertEquals(List.of("error"), List.copyOf(o.keySet()), answer.body());
    String error = o.get("error").getAsString();
    assertTrue(error.contains(message), error);
    assertFalse(
        error.contains("Exception") || error.contains("\tat ") || error.contains("\n"), error);
  }

  @Test
  void wrongMethodsAndPathsAreErrorsToo() throws Exception {
    assertError(get(uri("/v1/models/" + MNIST + ":predict")), 405, "takes POST");
    assertError(post(uri("/v1/models/" + MNIST), "{}"), 405, "takes GET");
    assertError(
        ServeFixture.send(HttpRequest.newBuilder(uri("/v1/models/" + MNIST)).DELETE()),
        405,
        "takes GET");
    assertError(get(uri("/v1/models/nope")), 404, "Could not find any versions of model nope");
    assertError(
        get(uri("/v1/models/" + MNIST + "/versions/999")), 404, "Could not find version 999");
    assertError(get(uri("/v1/models/nope/metadata")), 404, "Servable not found");
    assertError(get(uri("/v1/other")), 404, "Malformed request");
  }

  @Test
  void explorerPageAndItsApi() throws Exception {
    var page = get(uri("/"));
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(page.body().contains("<script src=\"/explorer.js\">"), page.body());
    assertEquals(200, get(uri("/explorer.js")).status());

    var models = get(uri("/explorer/api/models")).json().getAsJsonArray("models");
    assertEquals(2, models.size());
    JsonObject conditional = models.get(1).getAsJsonObject();
    assertEquals(CONDITIONAL, conditional.get("name").getAsString());
    assertEquals(10, conditional.getAsJsonArray("classes").size());
    assertEquals(20, models.get(0).getAsJsonObject().get("latentCode").getAsInt());

    var latents =
        get(uri("/explorer/api/latents?model=" + MNIST + "&seed=4&count=3&psi=0.5&code=2")).json();
    float[][] z = GSON.fromJson(latents.get("z"), float[][].class);
    float[][] expected =
        dev.dcgan.inference.Latents.withCode(
            dev.dcgan.inference.Latents.truncated(3, 100, 4, 0.5), 20, 2);
    assertArrayEquals(expected, z);
    assertEquals(2, latents.getAsJsonArray("directions").size());

    assertError(
        get(uri("/explorer/api/latents?model=" + MNIST + "&seed=x")),
        400,
        "seed must be a whole number");
    assertError(
        get(uri("/explorer/api/latents?model=" + MNIST + "&seed=1&psi=0")), 400, "greater than 0");
    assertError(
        get(uri("/explorer/api/latents?model=" + MNIST + "&seed=1&code=20")), 400, "codes 0..19");
    assertError(
        get(uri("/explorer/api/latents?model=" + CONDITIONAL + "&seed=1&code=1")),
        400,
        "no latent code");
    assertError(get(uri("/explorer/api/latents?model=nope&seed=1")), 404, "Servable not found");
    assertError(
        get(uri("/explorer/api/latents?model=" + MNIST + "&seed=1&count=100000")),
        400,
        "count must be");
    assertError(get(uri("/nothing-here")), 404, "Not found");
  }
}
