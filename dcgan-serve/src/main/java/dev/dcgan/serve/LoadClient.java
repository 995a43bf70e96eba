package dev.dcgan.serve;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.dcgan.inference.LatentNoise;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain load client for {@code dcgan serve} (scripts/serve-load.sh runs it): for every (clients,
 * images per request) point, that many threads post {@code :predict} requests back to back for a
 * fixed time; prints throughput and p50/p99 latency per point, and the server's RSS over the run
 * when given its pid. Loopback servers only; every loop is bounded in time.
 *
 * <pre>
 * java -cp 'dcgan-serve/target/dcgan-serve.jar:dcgan-serve/target/lib/*' dev.dcgan.serve.LoadClient \
 *     --url http://127.0.0.1:8501 --model dcgan-mnist --clients 1,8,64 --images 1,64 --seconds 30
 * </pre>
 */
public final class LoadClient {
  private static final Gson GSON = new Gson();

  /** One point's result. */
  record Point(
      int clients,
      int images,
      long requests,
      long errors,
      double seconds,
      double imagesPerSecond,
      double p50Millis,
      double p99Millis) {}

  private LoadClient() {}

  public static void main(String[] args) throws Exception {
    var a = new java.util.HashMap<String, String>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) usage("unexpected argument '" + args[i] + "'");
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) usage("every flag takes a value");
    URI url = URI.create(a.getOrDefault("url", "http://127.0.0.1:8501"));
    if (!InetAddress.getByName(url.getHost()).isLoopbackAddress())
      usage("--url must be a loopback address (127.0.0.1, localhost): this is a load test");
    String model = a.getOrDefault("model", "dcgan-mnist");
    List<Integer> clients = ints(a.getOrDefault("clients", "1,8,64"));
    List<Integer> images = ints(a.getOrDefault("images", "1,64"));
    double seconds = Double.parseDouble(a.getOrDefault("seconds", "30"));
    String signature = a.getOrDefault("signature", "serving_default");
    long pid = Long.parseLong(a.getOrDefault("pid", "0"));
    Path jsonOut = a.containsKey("json") ? Path.of(a.get("json")) : null;

    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI predict = url.resolve("/v1/models/" + model + ":predict");
    int latent = latentSize(http, url, model);
    var rss = new RssSampler(pid);
    rss.start();
    var results = new ArrayList<Point>();
    System.out.printf(
        "%-8s %-7s %10s %8s %12s %9s %9s%n",
        "clients", "images", "requests", "errors", "images/s", "p50 ms", "p99 ms");
    for (int n : images) {
      String body = body(signature, n, latent);
      for (int c : clients) {
        Point p = run(http, predict, body, c, n, seconds);
        results.add(p);
        System.out.printf(
            Locale.ROOT,
            "%-8d %-7d %10d %8d %12.1f %9.1f %9.1f%n",
            c,
            n,
            p.requests(),
            p.errors(),
            p.imagesPerSecond(),
            p.p50Millis(),
            p.p99Millis());
      }
    }
    rss.stop();
    if (pid > 0) {
      System.out.printf(
          Locale.ROOT,
          "server RSS: %d MiB at the start, %d MiB at the end, %d MiB at most (%d samples)%n",
          rss.first() >> 20,
          rss.last() >> 20,
          rss.max() >> 20,
          rss.samples());
    }
    if (jsonOut != null) {
      var o = new JsonObject();
      o.addProperty("model", model);
      o.addProperty("signature", signature);
      o.addProperty("secondsPerPoint", seconds);
      o.add("points", GSON.toJsonTree(results));
      o.addProperty("rssFirstBytes", rss.first());
      o.addProperty("rssLastBytes", rss.last());
      o.addProperty("rssMaxBytes", rss.max());
      Files.writeString(jsonOut, GSON.toJson(o) + "\n");
    }
  }

  private static void usage(String message) {
    System.err.println(
        "LoadClient: "
            + message
            + "\nusage: LoadClient [--url http://127.0.0.1:8501] [--model M] [--clients 1,8,64]"
            + " [--images 1,64] [--seconds 30] [--signature serving_default|generate] [--pid PID]"
            + " [--json FILE]");
    System.exit(2);
  }

  private static List<Integer> ints(String csv) {
    var out = new ArrayList<Integer>();
    for (String s : csv.split(",")) out.add(Integer.parseInt(s.trim()));
    return out;
  }

  private static int latentSize(HttpClient http, URI url, String model)
      throws IOException, InterruptedException {
    var r =
        http.send(
            HttpRequest.newBuilder(url.resolve("/v1/models/" + model + "/metadata")).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200)
      throw new IOException("metadata: " + r.statusCode() + " " + r.body());
    var z =
        GSON.fromJson(r.body(), JsonObject.class)
            .getAsJsonObject("metadata")
            .getAsJsonObject("signature_def")
            .getAsJsonObject("signature_def")
            .getAsJsonObject("serving_default")
            .getAsJsonObject("inputs")
            .getAsJsonObject("z");
    return z.getAsJsonObject("tensor_shape")
        .getAsJsonArray("dim")
        .get(1)
        .getAsJsonObject()
        .get("size")
        .getAsInt();
  }

  private static String body(String signature, int images, int latent) {
    if (signature.equals("generate"))
      return "{\"signature_name\": \"generate\", \"inputs\": {\"seed\": 1, \"count\": "
          + images
          + "}}";
    return "{\"instances\": " + GSON.toJson(LatentNoise.gaussian(images, latent, 1)) + "}";
  }

  /** {@code clients} threads posting {@code body} back to back for {@code seconds}. */
  static Point run(
      HttpClient http, URI predict, String body, int clients, int images, double seconds)
      throws Exception {
    var request =
        HttpRequest.newBuilder(predict)
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    var errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      var futures = new ArrayList<Future<List<Long>>>();
      for (int c = 0; c < clients; c++) {
        futures.add(
            pool.submit(
                () -> {
                  var latencies = new ArrayList<Long>();
                  while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    var r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) errors.incrementAndGet();
                    else latencies.add(System.nanoTime() - t0);
                  }
                  return latencies;
                }));
      }
      var all = new ArrayList<Long>();
      for (var f : futures) all.addAll(f.get());
      double elapsed = (System.nanoTime() - start) / 1e9;
      Collections.sort(all);
      return new Point(
          clients,
          images,
          all.size(),
          errors.get(),
          elapsed,
          all.size() * (double) images / elapsed,
          percentile(all, 0.50),
          percentile(all, 0.99));
    } finally {
      pool.shutdownNow();
    }
  }

  private static double percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) return Double.NaN;
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }

  /** The server's resident set size from /proc, once a second. */
  static final class RssSampler {
    private final long pid;
    private final Thread thread;
    private volatile boolean running = true;
    private long first = -1, last = -1, max = -1, samples;

    RssSampler(long pid) {
      this.pid = pid;
      this.thread = new Thread(this::loop, "rss");
      thread.setDaemon(true);
    }

    void start() {
      if (pid > 0) thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      if (pid > 0) {
        thread.interrupt();
        thread.join();
      }
    }

    private void loop() {
      while (running) {
        long rss = read();
        synchronized (this) {
          if (rss > 0) {
            if (first < 0) first = rss;
            last = rss;
            max = Math.max(max, rss);
            samples++;
          }
        }
        try {
          Thread.sleep(1000); // a sampling period, not synchronisation
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private long read() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:"))
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      } catch (IOException | NumberFormatException e) {
        return -1;
      }
      return -1;
    }

    synchronized long first() {
      return first;
    }

    synchronized long last() {
      return last;
    }

    synchronized long max() {
      return max;
    }

    synchronized long samples() {
      return samples;
    }
  }
}
