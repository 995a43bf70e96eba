package dev.dcgan.train.export;

import dev.dcgan.inference.ModelVersions;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;

/**
 * What every SavedModel this project exports has in common (the generator's, the classifiers'): TF
 * Serving's {@code <base>/<n>/} layout, a version folder that appears whole or not at all, and one
 * {@code serving_default} predict signature under the {@code serve} tag.
 */
public final class SavedModels {
  private SavedModels() {}

  /** Fills a fresh folder with a model: the SavedModel, its metadata, anything else. */
  @FunctionalInterface
  public interface Contents {
    void writeTo(Path dir) throws IOException;
  }

  /**
   * Writes {@code <base>/<version>/}: {@code contents} fill a temporary folder beside it (not a
   * number, so TF Serving ignores it meanwhile), which is then renamed. An existing version is
   * never overwritten; a failure leaves no folder behind.
   *
   * @param version the version folder to create, or 0 for the next free one
   * @return the version folder written
   */
  public static Path publish(Path base, long version, Contents contents) throws IOException {
    Files.createDirectories(base);
    long v = version > 0 ? version : ModelVersions.next(base);
    Path target = base.resolve(Long.toString(v));
    if (Files.exists(target))
      throw new IOException(target + " already exists; versions are never overwritten");
    Path tmp = Files.createTempDirectory(base, ".tmp-export-");
    try {
      contents.writeTo(tmp);
      AtomicFiles.move(tmp, target);
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
    return target;
  }

  /**
   * Saves the session's graph and every variable in it to {@code dir} as a SavedModel with the tag
   * {@code serve}, a {@code serving_default} signature of TF Serving's predict method, and any
   * further signatures given.
   */
  public static void write(
      Session session,
      Path dir,
      Map<String, Operand<?>> inputs,
      Map<String, Operand<?>> outputs,
      Signature... more)
      throws IOException {
    var signature =
        Signature.builder()
            .key(SavedModelContract.SERVING_DEFAULT)
            .methodName(SavedModelContract.PREDICT_METHOD);
    inputs.forEach(signature::input);
    outputs.forEach(signature::output);
    var exporter =
        SavedModelBundle.exporter(dir.toString())
            .withTags(SavedModelContract.TAG)
            .withSession(session)
            .withSignature(signature.build());
    for (Signature s : more) exporter.withSignature(s);
    exporter.export();
  }
}
