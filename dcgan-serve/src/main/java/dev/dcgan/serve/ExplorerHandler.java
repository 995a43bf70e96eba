package dev.dcgan.serve;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.inference.Latents;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The explorer page ({@code /}, its script and style from the jar) and the small JSON API it asks
 * for what only the server should define: the list of models, and z for a seed, ψ and code, drawn
 * by {@link Latents} exactly as {@code dcgan generate} draws it. The images themselves come from
 * the REST API's {@code :predict}, as any client's do.
 */
final class ExplorerHandler {
  /** The step directions of the page's walk: fixed, the same for every model of a width. */
  static final long WALK_SEED = 0x77616C6BL; // "walk"

  /** Most z one latent request returns. */
  static final int MAX_LATENTS = 64;

  private static final Gson GSON = new Gson();
  private static final Map<String, String> FILES =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/explorer.js", "explorer.js",
          "/explorer.css", "explorer.css");

  private final ModelRepository models;

  ExplorerHandler(ModelRepository models, ServeLimits limits) {
    this.models = models;
  }

  RestHandler.Reply handle(Request request, String path) {
    if (path.startsWith("/explorer/api/")) {
      if (!request.getMethod().equals("GET"))
        throw new ApiException(405, "Method not allowed: " + request.getMethod() + " " + path);
      Fields query = Request.extractQueryParameters(request);
      return RestHandler.Reply.json(
          switch (path) {
            case "/explorer/api/models" -> modelList();
            case "/explorer/api/latents" -> latents(query);
            default -> throw ApiException.notFound("No such explorer call: " + path);
          });
    }
    String file = FILES.get(path);
    if (file == null) throw ApiException.notFound("Not found: " + path);
    byte[] bytes;
    try (InputStream in = ExplorerHandler.class.getResourceAsStream("/explorer/" + file)) {
      if (in == null) throw ApiException.notFound("Not in this build: " + path);
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ApiException(500, "Cannot read " + file + ": " + e.getMessage());
    }
    String type =
        file.endsWith(".html")
            ? "text/html; charset=utf-8"
            : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    return new RestHandler.Reply(200, type, w -> w.write(text));
  }

  private JsonObject modelList() {
    var list = new JsonArray();
    for (var entry : models.entries().values()) {
      entry
          .served()
          .ifPresent(
              s -> {
                var m = new JsonObject();
                m.addProperty("name", s.name());
                m.addProperty("version", s.version());
                m.addProperty("latentSize", s.model().latentSize());
                m.addProperty("height", s.model().height());
                m.addProperty("width", s.model().width());
                m.addProperty("channels", s.model().channels());
                m.add("classes", GSON.toJsonTree(s.model().classNames()));
                m.addProperty("latentCode", s.latentCodeSize());
                list.add(m);
              });
    }
    var o = new JsonObject();
    o.add("models", list);
    return o;
  }

  /**
   * {@code ?model=M&seed=S&count=N[&psi=P][&code=C]}: N rows of z for seed S (truncated at ψ, set
   * to code C), and the walk's two directions (unit vectors).
   */
  private JsonObject latents(Fields query) {
    ServedModel served = models.find(required(query, "model"), null);
    int width = served.model().latentSize();
    long seed = whole(required(query, "seed"), "seed");
    int count =
        (int) whole(query.getValue("count") == null ? "16" : query.getValue("count"), "count");
    if (count < 1 || count > MAX_LATENTS)
      throw ApiException.badRequest("count must be 1.." + MAX_LATENTS + ", got " + count);
    float[][] z;
    String psi = query.getValue("psi");
    if (psi == null || psi.isEmpty()) {
      z = LatentNoise.gaussian(count, width, seed);
    } else {
      double value;
      try {
        value = Double.parseDouble(psi);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("psi must be a number greater than 0, got '" + psi + "'");
      }
      try {
        z = Latents.truncated(count, width, seed, value);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    String code = query.getValue("code");
    if (code != null && !code.isEmpty()) {
      try {
        z = Latents.withCode(z, served.latentCodeSize(), (int) whole(code, "code"));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    var o = new JsonObject();
    o.addProperty("model", served.name());
    o.addProperty("version", served.version());
    o.add("z", GSON.toJsonTree(z));
    o.add("directions", GSON.toJsonTree(walkDirections(width)));
    return o;
  }

  /** Two fixed unit vectors of the given width. */
  static float[][] walkDirections(int width) {
    float[][] d = LatentNoise.gaussian(2, width, WALK_SEED);
    for (float[] row : d) {
      double norm = 0;
      for (float v : row) norm += (double) v * v;
      norm = Math.sqrt(norm);
      for (int j = 0; j < row.length; j++) row[j] = (float) (row[j] / norm);
    }
    return d;
  }

  private static String required(Fields query, String name) {
    String v = query.getValue(name);
    if (v == null || v.isEmpty()) throw ApiException.badRequest("missing parameter '" + name + "'");
    return v;
  }

  private static long whole(String s, String name) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number, got '" + s + "'");
    }
  }
}
