package dev.dcgan.train.export;

import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.inference.ModelVersions;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import dev.dcgan.train.training.AtomicFiles;
import dev.dcgan.train.training.Checkpoints;
import dev.dcgan.train.training.TrainingGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
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
   * @param version the version folder to create, or 0 for the next free one
   * @return the version folder written
   */
  public static Path export(Path checkpoint, ModelSpec spec, Path modelBase, long version, Provenance provenance)
      throws IOException {
    String prefix = Checkpoints.variablesPrefix(checkpoint);
    Files.createDirectories(modelBase);
    long v = version > 0 ? version : ModelVersions.next(modelBase);
    Path target = modelBase.resolve(Long.toString(v));
    if (Files.exists(target)) throw new IOException(target + " already exists; versions are never overwritten");

    // Not a number, so TF Serving ignores it while it is being written.
    Path tmp = Files.createTempDirectory(modelBase, ".tmp-export-");
    try {
      writeSavedModel(prefix, spec, tmp);
      var metadata = new ModelMetadata(SavedModelContract.FORMAT_VERSION, spec.latentSize(), spec.height(), spec.width(),
          spec.channels(), 0f, 1f, provenance.dataset(), spec.architecture().id(), provenance.epochs(), provenance.steps(),
          provenance.seed(), Instant.now().toString(), projectVersion(), provenance.extra());
      AtomicFiles.writeString(tmp.resolve(SavedModelContract.ASSETS_EXTRA).resolve(SavedModelContract.METADATA_FILE),
          metadata.toJson() + "\n");
      AtomicFiles.move(tmp, target);
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
    return target;
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
        SavedModelBundle.exporter(dir.toString())
            .withTags(SavedModelContract.TAG)
            .withSession(session)
            .withSignature(Signature.builder()
                .key(SavedModelContract.SERVING_DEFAULT)
                .methodName(SavedModelContract.PREDICT_METHOD)
                .input(SavedModelContract.INPUT_Z, z)
                .output(SavedModelContract.OUTPUT_IMAGES, images)
                .build())
            .export();
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
