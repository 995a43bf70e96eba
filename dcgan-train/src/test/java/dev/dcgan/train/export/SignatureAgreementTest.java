package dev.dcgan.train.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A conditional export's signatures refuse, in the graph, what the Java API refuses: fewer labels
 * than rows of z (which G's embedding would broadcast), and a class below -1 (which the generate
 * signature would treat as -1). TF Serving and C clients get the same answers as Java callers.
 */
class SignatureAgreementTest {
  @TempDir static Path tmp;
  static Path version;
  static SavedModelBundle bundle;

  @BeforeAll
  static void export() throws IOException {
    version = TestModels.trainAndExportConditional(tmp);
    bundle = SavedModelBundle.load(version.toString(), SavedModelContract.TAG);
  }

  @AfterAll
  static void close() {
    if (bundle != null) bundle.close();
  }

  @Test
  void servingDefaultTakesOneLabelPerRowOfZ() {
    try (var z = zeros(2);
        var one = TInt64.vectorOf(3);
        var two = TInt64.vectorOf(3, 4)) {
      var e = assertThrows(RuntimeException.class, () -> serving(z, one).close());
      assertTrue(e.getMessage().contains("one class per row of z"), e.getMessage());
      try (var images = serving(z, two)) {
        assertEquals(2, images.get(0).shape().get(0));
      }
    }
  }

  @Test
  void generateRefusesAClassBelowMinusOne() {
    var e = assertThrows(RuntimeException.class, () -> generate(-2).close());
    assertTrue(e.getMessage().contains("class must be -1"), e.getMessage());
    try (var drawn = generate(-1);
        var seven = generate(7)) {
      assertEquals(3, drawn.get(0).shape().get(0));
      assertEquals(7L, ((TInt64) seven.get(2)).getLong(0));
    }
  }

  @Test
  void theChecksPassTheOpCheck() throws IOException {
    try (var model = DcganModel.load(version)) {
      assertTrue(model.conditional());
    }
  }

  private static Result serving(TFloat32 z, TInt64 labels) {
    SignatureDef s = signature(SavedModelContract.SERVING_DEFAULT);
    return bundle
        .session()
        .runner()
        .feed(s.getInputsOrThrow(SavedModelContract.INPUT_Z).getName(), z)
        .feed(s.getInputsOrThrow(SavedModelContract.INPUT_LABELS).getName(), labels)
        .fetch(s.getOutputsOrThrow(SavedModelContract.OUTPUT_IMAGES).getName())
        .run();
  }

  private static Result generate(long cls) {
    SignatureDef s = signature(SavedModelContract.GENERATE);
    try (Tensor seed = TInt64.scalarOf(5);
        Tensor count = TInt32.scalarOf(3);
        Tensor c = TInt64.scalarOf(cls)) {
      return bundle
          .session()
          .runner()
          .feed(s.getInputsOrThrow(SavedModelContract.INPUT_SEED).getName(), seed)
          .feed(s.getInputsOrThrow(SavedModelContract.INPUT_COUNT).getName(), count)
          .feed(s.getInputsOrThrow(SavedModelContract.INPUT_CLASS).getName(), c)
          .fetch(s.getOutputsOrThrow(SavedModelContract.OUTPUT_IMAGES_UINT8).getName())
          .fetch(s.getOutputsOrThrow(SavedModelContract.OUTPUT_PNG_BYTES).getName())
          .fetch(s.getOutputsOrThrow(SavedModelContract.OUTPUT_LABELS).getName())
          .run();
    }
  }

  private static SignatureDef signature(String key) {
    return bundle.metaGraphDef().getSignatureDefOrThrow(key);
  }

  private static TFloat32 zeros(int rows) {
    int latent = ConditionalExportTest.LATENT;
    return TFloat32.tensorOf(
        Shape.of(rows, latent), DataBuffers.of(new float[rows * latent], true, false));
  }
}
