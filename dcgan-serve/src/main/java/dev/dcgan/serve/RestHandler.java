package dev.dcgan.serve;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.inference.PngImages;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * TF Serving's REST API over the {@link ModelRepository}: {@code GET /v1/models/<name>[/versions/
 * <n>]} (status), {@code GET .../metadata} (signature defs) and {@code POST ...:predict}. Anything
 * else under {@code /v1/} is an error in TF Serving's form; other paths go to the explorer.
 */
final class RestHandler extends Handler.Abstract {
  private static final Logger LOG = Logger.getLogger(RestHandler.class.getName());
  private static final Gson GSON = new Gson();
  private static final Pattern MODEL_PATH =
      Pattern.compile("/v1/models/([^/:]+)(?:/versions/([0-9]{1,18}))?(/metadata|:[a-zA-Z]+)?");

  /** NaN or Infinity where a JSON number would be: Gson's strict reader only says "malformed". */
  private static final Pattern NON_FINITE = Pattern.compile("[\\[,:]\\s*[-+]?(NaN|Infinity)\\b");

  private final ModelRepository models;
  private final ServeLimits limits;
  private final ExplorerHandler explorer;
  // Bytes of request bodies being read and parsed at once: a burst of large bodies waits here.
  private final Semaphore bodyBudget;

  RestHandler(ModelRepository models, ServeLimits limits) {
    this.models = models;
    this.limits = limits;
    this.explorer = new ExplorerHandler(models, limits);
    this.bodyBudget = new Semaphore(limits.bodyBudgetBytes(), true);
  }

  /** Writes an answer's body. */
  @FunctionalInterface
  interface Body {
    void write(Writer w) throws IOException;
  }

  /** An answer: status, content type and body. */
  record Reply(int status, String contentType, Body body) {
    static Reply json(JsonElement json) {
      return new Reply(200, "application/json", w -> w.write(json.toString()));
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    Reply reply;
    try {
      reply = path.startsWith("/v1/") ? api(request, path) : explorer.handle(request, path);
    } catch (ApiException e) {
      reply = error(e.status(), e.getMessage());
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      LOG.log(Level.WARNING, "failed: " + request.getMethod() + " " + path, e);
      reply = error(500, "Internal: " + oneLine(e));
    }
    send(response, callback, reply);
    return true;
  }

  static Reply error(int status, String message) {
    var body = new JsonObject();
    body.addProperty("error", message);
    return new Reply(status, "application/json", w -> w.write(body.toString()));
  }

  private static void send(Response response, Callback callback, Reply reply) {
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    if (reply.status() != 200) {
      // An error is small: sent whole with its length, so a client still sending a body it was
      // refused reads the answer before the connection closes.
      var text = new java.io.StringWriter();
      try {
        reply.body().write(text);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
      if (reply.status() == 413) response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
      return;
    }
    try (Writer w =
        new BufferedWriter(
            new OutputStreamWriter(Content.Sink.asOutputStream(response), StandardCharsets.UTF_8),
            1 << 16)) {
      reply.body().write(w);
    } catch (IOException | RuntimeException e) { // the client went away mid-answer
      callback.failed(e);
      return;
    }
    callback.succeeded();
  }

  private Reply api(Request request, String path) {
    Matcher m = MODEL_PATH.matcher(path);
    if (!m.matches())
      throw ApiException.notFound("Malformed request: " + request.getMethod() + " " + path);
    String name = m.group(1);
    Long version = m.group(2) == null ? null : Long.valueOf(m.group(2));
    String action = m.group(3) == null ? "" : m.group(3);
    String method = request.getMethod();
    return switch (action) {
      case "" -> {
        requireMethod(method, "GET", path);
        yield Reply.json(ModelStatus.of(models, name, version));
      }
      case "/metadata" -> {
        requireMethod(method, "GET", path);
        yield Reply.json(metadata(models.find(name, version)));
      }
      case ":predict" -> {
        requireMethod(method, "POST", path);
        yield predict(request, models.find(name, version));
      }
      case ":classify", ":regress" ->
          throw ApiException.badRequest(
              "Model "
                  + name
                  + " has no "
                  + action.substring(1)
                  + " signature: a generator answers :predict only");
      default -> throw ApiException.notFound("Malformed request: " + method + " " + path);
    };
  }

  private static void requireMethod(String method, String expected, String path) {
    if (!method.equals(expected))
      throw new ApiException(
          405, "Method not allowed: " + method + " " + path + " takes " + expected);
  }

  private static JsonObject metadata(ServedModel served) {
    var spec = new JsonObject();
    spec.addProperty("name", served.name());
    spec.addProperty("signature_name", "");
    spec.addProperty("version", Long.toString(served.version()));
    var signatureDef = new JsonObject();
    signatureDef.add("signature_def", served.signatureDefs());
    var o = new JsonObject();
    o.add("model_spec", spec);
    o.add("metadata", signatureDef);
    return o;
  }

  private Reply predict(Request request, ServedModel served) {
    PredictRequest parsed = readPredict(request, served);
    if (parsed instanceof PredictRequest.Latents l) {
      GeneratedImages images = await(served.batcher().submit(l.z(), l.labels()));
      return new Reply(200, "application/json", w -> PredictAnswer.images(w, images, l.rowForm()));
    }
    var s = (PredictRequest.Seeded) parsed;
    PngImages pngs;
    try {
      pngs =
          s.cls() == null
              ? served.model().generatePng(s.seed(), s.count())
              : served.model().generatePng(s.seed(), s.count(), s.cls().intValue());
    } catch (IllegalStateException closed) {
      throw new ApiException(503, "The model version was unloaded; try again");
    }
    return new Reply(
        200, "application/json", w -> PredictAnswer.pngs(w, pngs, s.cls() != null, s.rowForm()));
  }

  /** Reads and parses the body within the size limit and the shared budget of bytes in flight. */
  private PredictRequest readPredict(Request request, ServedModel served) {
    long declared = request.getLength();
    if (declared > limits.maxBodyBytes()) {
      try (InputStream in = Content.Source.asInputStream(request)) {
        drain(in);
      } catch (IOException e) {
        // the client went away: nobody reads the answer
      }
      throw tooLarge();
    }
    int permits = declared >= 0 ? (int) Math.max(1, declared) : limits.maxBodyBytes();
    try {
      bodyBudget.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "The server is stopping");
    }
    try {
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        body = in.readNBytes(limits.maxBodyBytes() + 1);
        if (body.length > limits.maxBodyBytes()) drain(in);
      } catch (IOException e) {
        throw ApiException.badRequest("Cannot read the request body: " + e.getMessage());
      }
      if (body.length > limits.maxBodyBytes()) throw tooLarge();
      return PredictRequest.read(parse(body), served.model(), limits.maxImages());
    } finally {
      bodyBudget.release(permits);
    }
  }

  /** Refused bodies are read and dropped up to this many bytes; past it the connection closes. */
  static final long DRAIN_LIMIT = 16L << 20;

  private ApiException tooLarge() {
    return new ApiException(
        413, "The request body is larger than " + limits.maxBodyBytes() + " bytes");
  }

  /**
   * Reads and drops what is left of a refused body, up to {@link #DRAIN_LIMIT} bytes: a client
   * still sending it then reads the 413, not a connection reset under its feet.
   */
  private static void drain(InputStream in) throws IOException {
    var sink = new byte[1 << 16];
    long dropped = 0;
    for (int n; dropped < DRAIN_LIMIT && (n = in.read(sink)) >= 0; ) dropped += n;
  }

  /** Strict JSON (no NaN, no trailing garbage), with Gson's advice cut from its messages. */
  static JsonElement parse(byte[] body) {
    try (var reader =
        new JsonReader(
            new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8))) {
      reader.setStrictness(Strictness.STRICT);
      JsonElement e = GSON.getAdapter(JsonElement.class).read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT)
        throw ApiException.badRequest("JSON Parse error: more than one value in the body");
      return e;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      if (e instanceof ApiException api) throw api;
      String message = String.valueOf(e.getMessage());
      if (NON_FINITE.matcher(new String(body, StandardCharsets.UTF_8)).find())
        throw ApiException.badRequest(
            "JSON Parse error: NaN and Infinity are not JSON numbers; z must be finite numbers");
      message = message.replaceAll("\\s*See https?://\\S+", "");
      message = message.replaceAll("Use JsonReader\\.setStrictness\\([^)]*\\) to accept ", "");
      throw ApiException.badRequest("JSON Parse error: " + oneLine(message));
    }
  }

  private static GeneratedImages await(java.util.concurrent.CompletableFuture<GeneratedImages> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "The server is stopping");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ApiException api) throw api;
      if (cause instanceof IllegalStateException)
        throw new ApiException(503, "The model version was unloaded; try again");
      LOG.log(Level.WARNING, "a batch failed", cause);
      throw new ApiException(500, "Internal: " + oneLine(cause));
    }
  }

  static String oneLine(Object o) {
    String s =
        o instanceof Throwable t
            ? (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage())
            : String.valueOf(o);
    int nl = s.indexOf('\n');
    s = nl < 0 ? s : s.substring(0, nl);
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
