package dev.dcgan.train.export;

import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import dev.dcgan.train.training.AtomicFiles;
import dev.dcgan.train.training.Checkpoints;
import dev.dcgan.train.training.TrainingGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Exports a checkpoint's generator as a SavedModel in TF Serving's layout, {@code <base>/<n>/}.
 *
 * <p>{@code SavedModelBundle.exporter} saves every variable of a session's graph, so the export
 * is built from a graph of its own holding only G in inference mode (no dropout, no D, no Adam
 * slots); its variables carry the training graph's names and are restored from the checkpoint by
 * name. z's batch dimension is -1 and every shape inside is computed from {@code tf.shape(z)}, so
 * the model takes any batch size. The version folder appears by an atomic rename, whole or not at
 * all, and an existing version is never overwritten.
 */
public final class GeneratorExporter {
  private GeneratorExporter() {}

  /** What the metadata records besides the shapes. */
  public record Provenance(String dataset, double epochs, long steps, long seed, Map<String, Object> extra) {}

  /**
   * Looks at the exported SavedModel before it is published and returns more metadata for it
   * ({@code extra} entries), e.g. an evaluation of exactly the graph that ships.
   */
  @FunctionalInterface
  public interface Review {
    Map<String, Object> extraFor(Path savedModel) throws IOException;
  }

  /**
   * @param version the version folder to create, or 0 for the next free one
   * @return the version folder written
   */
  public static Path export(Path checkpoint, ModelSpec spec, Path modelBase, long version, Provenance provenance)
      throws IOException {
    return export(checkpoint, spec, modelBase, version, provenance, savedModel -> Map.of());
  }

  /**
   * As {@link #export(Path, ModelSpec, Path, long, Provenance)}, with {@code review}'s entries added
   * to the metadata's {@code extra} (they win over the provenance's).
   */
  public static Path export(Path checkpoint, ModelSpec spec, Path modelBase, long version, Provenance provenance,
      Review review) throws IOException {
    String prefix = Checkpoints.variablesPrefix(checkpoint);
    return SavedModels.publish(modelBase, version, dir -> {
      writeSavedModel(prefix, spec, dir);
      var extra = new LinkedHashMap<String, Object>();
      if (provenance.extra() != null) extra.putAll(provenance.extra());
      extra.putAll(review.extraFor(dir));
      var metadata = new ModelMetadata(SavedModelContract.FORMAT_VERSION, spec.latentSize(), spec.height(), spec.width(),
          spec.channels(), 0f, 1f, provenance.dataset(), spec.architecture().id(), provenance.epochs(), provenance.steps(),
          provenance.seed(), Instant.now().toString(), projectVersion(), extra);
      AtomicFiles.writeString(dir.resolve(SavedModelContract.ASSETS_EXTRA).resolve(SavedModelContract.METADATA_FILE),
          metadata.toJson() + "\n");
    });
  }

  private static void writeSavedModel(String checkpointPrefix, ModelSpec spec, Path dir) throws IOException {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var z = tf.withName(SavedModelContract.INPUT_Z).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, spec.latentSize())));
      var generator = spec.newGenerator(Variables.restored(tf, "generator"));
      var images = tf.withName(SavedModelContract.OUTPUT_IMAGES)
          .identity(TrainingGraph.toImageRange(tf, generator.forward(tf, z, Mode.INFER).output()));
      try (var session = new Session(graph)) {
        try {
          session.restore(checkpointPrefix);
        } catch (RuntimeException e) {
          throw new IOException("cannot restore the generator from " + checkpointPrefix
              + " (is it a checkpoint of this architecture and latent size?): " + firstLine(e.getMessage()), e);
        }
        SavedModels.write(session, dir, Map.of(SavedModelContract.INPUT_Z, z),
            Map.of(SavedModelContract.OUTPUT_IMAGES, images));
      }
    }
  }

  static String firstLine(String s) {
    if (s == null) return "";
    s = s.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** This build's version, from the jar manifest; "dev" when run from classes. */
  public static String projectVersion() {
    String v = GeneratorExporter.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
