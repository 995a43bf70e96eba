package dev.dcgan.train.eval;

import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.util.AtomicFiles;
import dev.dcgan.train.util.Json;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a shipped classifier says about itself, in its {@code assets.extra/classifier.json}.
 *
 * @param dataset the data set's name, e.g. {@code mnist}, {@code fashion-mnist}
 * @param data where its IDX files were read from (the default test data of an evaluation)
 * @param height image height
 * @param width image width
 * @param channels image channels
 * @param classes number of classes (logits)
 * @param featureWidth width of the {@code features} output
 * @param testAccuracy share of the test split classified right, by the exported model
 * @param testImages size of the test split
 * @param epochs training epochs
 * @param batchSize training batch size
 * @param learningRate Adam's learning rate
 * @param fineTuneEpochs the last epochs, at a tenth of it
 * @param seed training seed
 * @param trainedAt ISO-8601 instant of export
 * @param projectVersion the dcgan version that trained it
 */
public record ClassifierMetadata(
    String dataset,
    String data,
    int height,
    int width,
    int channels,
    int classes,
    int featureWidth,
    double testAccuracy,
    int testImages,
    int epochs,
    int batchSize,
    float learningRate,
    int fineTuneEpochs,
    long seed,
    String trainedAt,
    String projectVersion) {

  /**
   * Beside the generator's {@code dcgan.json} convention: TF Serving ignores {@code assets.extra/}.
   */
  public static final String FILE = "classifier.json";

  public static Path file(Path modelDir) {
    return modelDir.resolve(SavedModelContract.ASSETS_EXTRA).resolve(FILE);
  }

  public static ClassifierMetadata read(Path modelDir) throws IOException {
    return Json.read(file(modelDir), ClassifierMetadata.class);
  }

  public void write(Path modelDir) throws IOException {
    AtomicFiles.writeString(file(modelDir), Json.toJson(this) + "\n");
  }
}
