package dev.dcgan.serve;

import dev.dcgan.inference.DcganModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code dcgan serve}: the models of a folder behind TF Serving's REST API, and the explorer page,
 * on Jetty.
 *
 * <pre>{@code
 * try (var server = DcganServer.start(DcganServer.Config.of(Path.of("models")).withPort(0))) {
 *   URI api = server.uri(); // http://127.0.0.1:<port>/
 * }
 * }</pre>
 */
public final class DcganServer implements AutoCloseable {
  /** TF Serving's REST port. */
  public static final int DEFAULT_PORT = 8501;

  /** Request threads at most: each holds one request, most of them waiting on a batch. */
  static final int MAX_THREADS = 128;

  /**
   * How to serve.
   *
   * @param models the folder whose sub-folders are the models
   * @param host the address to listen on (127.0.0.1: this machine only)
   * @param port the port, 0 for any free one
   * @param limits request limits and batching
   * @param poll how often the folder is looked at for new versions
   * @param loadOptions whether ops off the allow-list are allowed
   */
  public record Config(
      Path models,
      String host,
      int port,
      ServeLimits limits,
      Duration poll,
      DcganModel.LoadOptions loadOptions) {
    public static Config of(Path models) {
      return new Config(
          models,
          "127.0.0.1",
          DEFAULT_PORT,
          ServeLimits.defaults(),
          Duration.ofSeconds(1),
          DcganModel.LoadOptions.defaults());
    }

    public Config withPort(int port) {
      return new Config(models, host, port, limits, poll, loadOptions);
    }

    public Config withLimits(ServeLimits limits) {
      return new Config(models, host, port, limits, poll, loadOptions);
    }

    public Config withPoll(Duration poll) {
      return new Config(models, host, port, limits, poll, loadOptions);
    }
  }

  private final Server jetty;
  private final ModelRepository models;

  private DcganServer(Server jetty, ModelRepository models) {
    this.jetty = jetty;
    this.models = models;
  }

  /**
   * Loads the models and starts listening.
   *
   * @throws IOException if the models folder cannot be read or the port cannot be bound
   */
  public static DcganServer start(Config config) throws IOException {
    var models = new ModelRepository(config.models(), config.limits(), config.loadOptions());
    try {
      models.startPolling(config.poll());
      var threads = new QueuedThreadPool(MAX_THREADS, 4);
      threads.setName("http");
      threads.setDaemon(true);
      var jetty = new Server(threads);
      var http = new HttpConfiguration();
      http.setSendServerVersion(false);
      var connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
      connector.setHost(config.host());
      connector.setPort(config.port());
      jetty.addConnector(connector);
      jetty.setHandler(new RestHandler(models, config.limits()));
      jetty.setErrorHandler(new JsonErrorHandler());
      jetty.setStopTimeout(5_000);
      try {
        jetty.start();
      } catch (Exception e) {
        try {
          jetty.stop();
        } catch (Exception ignored) {
          // already failing
        }
        throw new IOException(
            "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
      }
      return new DcganServer(jetty, models);
    } catch (IOException | RuntimeException e) {
      models.close();
      throw e;
    }
  }

  /** The port listened on. */
  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** {@code http://host:port/}. */
  public URI uri() {
    String host = ((ServerConnector) jetty.getConnectors()[0]).getHost();
    return URI.create("http://" + host + ":" + port() + "/");
  }

  ModelRepository models() {
    return models;
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      // stopping anyway; the models are unloaded below
    }
    models.close();
  }
}
