package dev.dcgan.serve;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.ModelVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models a server serves, found and kept current as TF Serving does with its default version
 * policy (latest): every sub-folder of a models folder that holds numeric version folders is a
 * model named after it; its highest version is loaded and served; a higher version that appears
 * later is loaded while the old one keeps answering, then replaces it, and the old one is unloaded
 * once its running requests are done. A version that fails to load (not a generator, an op off the
 * allow-list, a damaged file) is reported in the model's status and not tried again.
 */
final class ModelRepository implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ModelRepository.class.getName());

  /** Names a URL can carry as they are. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /**
   * Where a model stands: the version served (if any), and the newest version tried with why it
   * failed (if it did).
   */
  record Entry(String name, Optional<ServedModel> served, long failedVersion, String failure) {}

  private final Path root;
  private final ServeLimits limits;
  private final DcganModel.LoadOptions loadOptions;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final List<Consumer<ServedModel>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            var t = new Thread(r, "model-poller");
            t.setDaemon(true);
            return t;
          });

  ModelRepository(Path root, ServeLimits limits, DcganModel.LoadOptions loadOptions) {
    this.root = Objects.requireNonNull(root, "root");
    this.limits = limits;
    this.loadOptions = loadOptions;
  }

  /** The models folder. */
  Path root() {
    return root;
  }

  /** Calls {@code listener} with every version that starts being served from now on. */
  void onServed(Consumer<ServedModel> listener) {
    listeners.add(listener);
  }

  /** Looks at the folder now, then every {@code interval}, on a thread of its own. */
  void startPolling(java.time.Duration interval) throws IOException {
    poll();
    poller.scheduleWithFixedDelay(
        () -> {
          try {
            poll();
          } catch (IOException | RuntimeException e) {
            LOG.warning("cannot read " + root + ": " + e.getMessage());
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One look at the models folder: loads new models and versions, unloads removed models. */
  synchronized void poll() throws IOException {
    if (!Files.isDirectory(root)) throw new IOException("no models folder " + root);
    var seen = new ArrayList<String>();
    try (Stream<Path> folders = Files.list(root)) {
      for (Path base : folders.filter(Files::isDirectory).sorted().toList()) {
        String name = base.getFileName().toString();
        if (!NAME.matcher(name).matches()) continue;
        var highest = ModelVersions.highest(base);
        if (highest.isEmpty()) continue;
        seen.add(name);
        long version = highest.getAsLong();
        Path folder = base.resolve(Long.toString(version));
        // A version being copied in is looked at again next time, once its graph file is there.
        if (!Files.isRegularFile(folder.resolve("saved_model.pb"))) continue;
        Entry entry = entries.get(name);
        if (entry != null && (servedVersion(entry) >= version || entry.failedVersion() >= version))
          continue;
        load(name, version, folder, entry);
      }
    }
    for (String gone : entries.keySet()) {
      if (!seen.contains(gone)) {
        Entry removed = entries.remove(gone);
        removed.served().ifPresent(ServedModel::close);
        LOG.info("unloaded " + gone + " (its folder is gone)");
      }
    }
  }

  private static long servedVersion(Entry entry) {
    return entry.served().map(ServedModel::version).orElse(-1L);
  }

  private void load(String name, long version, Path folder, Entry old) {
    ServedModel loaded;
    try {
      DcganModel model = DcganModel.load(folder, loadOptions);
      try {
        loaded =
            new ServedModel(
                name,
                version,
                model,
                new Batcher(model, limits, name + "-" + version),
                SignatureDefs.read(folder));
      } catch (IOException | RuntimeException e) {
        model.close();
        throw e;
      }
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warning("not serving " + name + " version " + version + ": " + why);
      entries.put(
          name,
          new Entry(name, old == null ? Optional.empty() : old.served(), version, firstLine(why)));
      return;
    }
    entries.put(name, new Entry(name, Optional.of(loaded), -1, null));
    LOG.info("serving " + name + " version " + version + ": " + loaded.model());
    if (old != null) old.served().ifPresent(ServedModel::close);
    for (var listener : listeners) listener.accept(loaded);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Every model, by name. */
  Map<String, Entry> entries() {
    return new TreeMap<>(entries);
  }

  /**
   * The model a request names: its served version, or the version asked for.
   *
   * @param name the model's name
   * @param version the version asked for, or null for the served one
   * @throws ApiException 404 as TF Serving words it, when there is none
   */
  ServedModel find(String name, Long version) {
    Entry entry = entries.get(name);
    Optional<ServedModel> served = entry == null ? Optional.empty() : entry.served();
    if (served.isEmpty() || (version != null && served.get().version() != version)) {
      throw ApiException.notFound(
          "Servable not found for request: "
              + (version == null
                  ? "Latest(" + name + ")"
                  : "Specific(" + name + ", " + version + ")"));
    }
    return served.get();
  }

  /** Stops polling and unloads every model. */
  @Override
  public synchronized void close() {
    poller.shutdownNow();
    for (Entry e : entries.values()) e.served().ifPresent(ServedModel::close);
    entries.clear();
  }
}
