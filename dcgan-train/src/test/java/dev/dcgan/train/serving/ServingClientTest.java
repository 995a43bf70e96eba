package dev.dcgan.train.serving;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client against a stand-in for TF Serving on 127.0.0.1 that answers canned responses. */
class ServingClientTest {
  record Request(String method, String path, String contentType, JsonObject body) {}

  HttpServer server;
  final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  volatile int status = 200;
  volatile String response = "{}";
  URI address;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  JsonParser.parseString(body).getAsJsonObject()));
          byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (var out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    address = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  Request lastRequest() throws InterruptedException {
    Request r = requests.poll(10, TimeUnit.SECONDS);
    assertNotNull(r, "the client sent no request");
    return r;
  }

  @Test
  void servingDefaultSendsInstancesAndReadsPredictions() throws Exception {
    // Two 2x2x1 images, in TF Serving's row-format answer.
    response =
        "{\"predictions\": [[[[0.0], [0.25]], [[0.5], [1.0]]], [[[1.0], [0.75]], [[0.5], [0.0]]]]}";
    var client = new ServingClient(address, "dcgan-mnist", 0);
    var images = client.generate(new float[][] {{0.5f, -1f, 2f}, {0f, 1f, -0.25f}});

    Request r = lastRequest();
    assertEquals("POST", r.method());
    assertEquals("/v1/models/dcgan-mnist:predict", r.path());
    assertEquals("application/json", r.contentType());
    assertEquals(
        JsonParser.parseString("{\"instances\": [[0.5, -1.0, 2.0], [0.0, 1.0, -0.25]]}"), r.body());

    assertEquals(2, images.count());
    assertEquals(2, images.height());
    assertEquals(2, images.width());
    assertEquals(1, images.channels());
    assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 1f, 1f, 0.75f, 0.5f, 0f}, images.pixels());
  }

  @Test
  void generateSendsInputsAndDecodesPngBytes() throws Exception {
    byte[] first = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    byte[] second = {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, 0};
    response =
        "{\"outputs\": {\"images_uint8\": [[[[0]]], [[[255]]]], \"png_bytes\": [{\"b64\": \""
            + Base64.getEncoder().encodeToString(first)
            + "\"}, {\"b64\": \""
            + Base64.getEncoder().encodeToString(second)
            + "\"}]}}";
    var client = new ServingClient(URI.create(address + "/"), "dcgan-mnist", 3);
    List<byte[]> pngs = client.generatePng(7, 2);

    Request r = lastRequest();
    assertEquals("/v1/models/dcgan-mnist/versions/3:predict", r.path());
    assertEquals(
        JsonParser.parseString(
            "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 7, \"count\": 2}}"),
        r.body());
    assertEquals(2, pngs.size());
    assertArrayEquals(first, pngs.get(0));
    assertArrayEquals(second, pngs.get(1));
  }

  @Test
  void conditionalServingDefaultSendsZAndLabelsPerInstance() throws Exception {
    response = "{\"predictions\": [[[[0.0]]], [[[0.5]]]]}";
    var client = new ServingClient(address, "cgan", 0);
    var images = client.generate(new float[][] {{0.5f, -1f}, {0f, 2f}}, new int[] {3, 0});

    assertEquals(
        JsonParser.parseString(
            "{\"instances\": [{\"z\": [0.5, -1.0], \"labels\": 3},"
                + " {\"z\": [0.0, 2.0], \"labels\": 0}]}"),
        lastRequest().body());
    assertArrayEquals(new float[] {0f, 0.5f}, images.pixels());
    assertArrayEquals(new int[] {3, 0}, images.labels());

    assertThrows(
        IllegalArgumentException.class,
        () -> client.generate(new float[][] {{0f, 1f}}, new int[] {1, 2}));
    assertTrue(requests.isEmpty(), "a request was sent for mismatched labels");
  }

  @Test
  void conditionalGenerateSendsTheClassAndReadsTheLabels() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 7};
    String b64 = Base64.getEncoder().encodeToString(png);
    response =
        "{\"outputs\": {\"images_uint8\": [[[[0]]], [[[1]]]], \"labels\": [7, 7],"
            + " \"png_bytes\": [{\"b64\": \""
            + b64
            + "\"}, {\"b64\": \""
            + b64
            + "\"}]}}";
    var client = new ServingClient(address, "cgan", 0);
    var labelled = client.generatePng(5, 2, 7);

    assertEquals(
        JsonParser.parseString(
            "{\"signature_name\": \"generate\","
                + " \"inputs\": {\"seed\": 5, \"count\": 2, \"class\": 7}}"),
        lastRequest().body());
    assertArrayEquals(new int[] {7, 7}, labelled.labels());
    assertEquals(2, labelled.pngs().size());
    assertArrayEquals(png, labelled.pngs().get(1));

    response = "{\"outputs\": {\"png_bytes\": []}}";
    var e = assertThrows(IOException.class, () -> client.generatePng(5, 1, -1));
    assertTrue(e.getMessage().contains("asked for 1 images, got 0"), e.getMessage());
  }

  @Test
  void mainPassesAClass(@TempDir Path tmp) throws Exception {
    String b64 = Base64.getEncoder().encodeToString(new byte[] {1, 2});
    response = "{\"outputs\": {\"labels\": [4], \"png_bytes\": [{\"b64\": \"" + b64 + "\"}]}}";
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int rc =
        ServingClient.run(
            new String[] {address.toString(), "cgan", "5", "1", tmp.toString(), "-1"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("1 PNGs of classes [4]"), out.toString());
    assertEquals(
        JsonParser.parseString(
            "{\"signature_name\": \"generate\","
                + " \"inputs\": {\"seed\": 5, \"count\": 1, \"class\": -1}}"),
        lastRequest().body());
    assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(tmp.resolve("image0000.png")));
  }

  @Test
  void nonFiniteZIsRefusedBeforeAnyRequest() {
    var client = new ServingClient(address, "dcgan-mnist", 0);

    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> client.generate(new float[][] {{0f, 1f}, {Float.NEGATIVE_INFINITY, 0f}}));

    assertEquals("z row 1, column 0 is -Infinity; z must be finite numbers", e.getMessage());
    assertTrue(requests.isEmpty(), "a request was sent");
  }

  @Test
  void servingErrorsBecomeIOExceptionsWithTheirMessage() {
    status = 400;
    response = "{\"error\": \"Servable not found for request: Latest(dcgan-mnist)\"}";
    var client = new ServingClient(address, "dcgan-mnist", 0);
    var e = assertThrows(IOException.class, () -> client.generatePng(1, 1));
    assertTrue(e.getMessage().contains("400: Servable not found"), e.getMessage());

    status = 200;
    response = "{\"outputs\": {\"png_bytes\": []}}";
    var short_ = assertThrows(IOException.class, () -> client.generatePng(1, 2));
    assertTrue(short_.getMessage().contains("asked for 2 images, got 0"), short_.getMessage());
  }

  @Test
  void mainWritesOnePngPerImage(@TempDir Path tmp) throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 42};
    String b64 = Base64.getEncoder().encodeToString(png);
    response =
        "{\"outputs\": {\"images_uint8\": [], \"png_bytes\": [{\"b64\": \""
            + b64
            + "\"}, {\"b64\": \""
            + b64
            + "\"}]}}";
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    Path dir = tmp.resolve("out");
    int rc =
        ServingClient.run(
            new String[] {address.toString(), "dcgan-mnist", "5", "2", dir.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
    assertArrayEquals(png, Files.readAllBytes(dir.resolve("image0000.png")));
    assertArrayEquals(png, Files.readAllBytes(dir.resolve("image0001.png")));
    assertEquals(
        JsonParser.parseString(
            "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 5, \"count\": 2}}"),
        lastRequest().body());

    assertEquals(
        2, ServingClient.run(new String[] {"x"}, new PrintStream(out), new PrintStream(err)));
    assertEquals(
        2,
        ServingClient.run(
            new String[] {address.toString(), "m", "seven", "2", dir.toString()},
            new PrintStream(out),
            new PrintStream(err)));
  }
}
