package dev.dcgan.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The shipped models, linked into a temporary models folder, and a loopback HTTP client. */
final class ServeFixture {
  static final String MNIST = "dcgan-mnist";
  static final String CONDITIONAL = "dcgan-mnist-conditional";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ServeFixture() {}

  /** The repository's models/ folder. */
  static Path shippedModels() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("models").resolve(MNIST))) p = p.getParent();
    if (p == null) throw new IllegalStateException("no models/" + MNIST + " above the working dir");
    return p.resolve("models");
  }

  /** The highest shipped version folder of a model. */
  static Path shippedVersion(String name) throws IOException {
    Path base = shippedModels().resolve(name);
    long v = dev.dcgan.inference.ModelVersions.highest(base).orElseThrow();
    return base.resolve(Long.toString(v));
  }

  /** A models folder holding {@code names}, each as a link to its shipped highest version. */
  static Path modelsFolder(Path dir, String... names) throws IOException {
    for (String name : names) {
      Path version = shippedVersion(name);
      Files.createDirectories(dir.resolve(name));
      Files.createSymbolicLink(dir.resolve(name).resolve(version.getFileName()), version);
    }
    return dir;
  }

  /** A status and a body: what the server answered. */
  record Answer(int status, String contentType, String body) {
    JsonObject json() {
      JsonElement e = JsonParser.parseString(body);
      assertTrue(e.isJsonObject(), body);
      return e.getAsJsonObject();
    }
  }

  static Answer get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  static Answer post(URI uri, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }
}
