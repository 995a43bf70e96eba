package dev.dcgan.train.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.PngImages;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.TestModels;
import dev.dcgan.train.util.Tensors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * The exported model's second signature, {@code generate}: seed and count in, uint8 and PNG out.
 */
class GenerateSignatureTest {
  @TempDir static Path tmp;
  static Path version;
  static DcganModel model;

  @BeforeAll
  static void export() throws IOException {
    version = TestModels.trainAndExport(tmp);
    model = DcganModel.load(version);
  }

  @AfterAll
  static void close() {
    if (model != null) model.close();
  }

  /** "dtype [dims]" of each tensor of a signature, e.g. {@code seed -> "DT_INT64 []"}. */
  static Map<String, String> describe(Map<String, TensorInfo> tensors) {
    return tensors.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> {
                  var shape = e.getValue().getTensorShape();
                  assertFalse(shape.getUnknownRank(), e.getKey() + " has unknown rank");
                  return e.getValue().getDtype()
                      + " "
                      + shape.getDimList().stream().map(d -> d.getSize()).toList();
                }));
  }

  @Test
  void bothSignaturesHaveTheirContract() {
    try (var bundle = SavedModelBundle.load(version.toString(), SavedModelContract.TAG)) {
      Map<String, SignatureDef> sigs = bundle.metaGraphDef().getSignatureDefMap();
      assertEquals(
          java.util.Set.of(SavedModelContract.SERVING_DEFAULT, SavedModelContract.GENERATE),
          sigs.keySet());
      SignatureDef serving = sigs.get(SavedModelContract.SERVING_DEFAULT);
      assertEquals(SavedModelContract.PREDICT_METHOD, serving.getMethodName());
      assertEquals(Map.of("z", "DT_FLOAT [-1, 100]"), describe(serving.getInputsMap()));
      assertEquals(Map.of("images", "DT_FLOAT [-1, 28, 28, 1]"), describe(serving.getOutputsMap()));
      SignatureDef generate = sigs.get(SavedModelContract.GENERATE);
      assertEquals(SavedModelContract.PREDICT_METHOD, generate.getMethodName());
      assertEquals(
          Map.of("seed", "DT_INT64 []", "count", "DT_INT32 []"), describe(generate.getInputsMap()));
      assertEquals(
          Map.of("images_uint8", "DT_UINT8 [-1, 28, 28, 1]", "png_bytes", "DT_STRING [-1]"),
          describe(generate.getOutputsMap()));
    }
    assertTrue(model.hasGenerateSignature());
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherImages() throws Exception {
    PngImages a = model.generatePng(7, 5);
    assertEquals(a, model.generatePng(7, 5), "same seed, other bytes");
    // A fresh load (new session) gives the same bytes: nothing depends on session state.
    try (var again = DcganModel.load(version)) {
      assertEquals(a, again.generatePng(7, 5), "same seed, other bytes after reloading");
    }
    assertFalse(java.util.Arrays.equals(a.uint8(), model.generatePng(8, 5).uint8()));
    assertTrue(a.png(0).length > 0, "empty PNG");
  }

  @Test
  void pngBytesDecodeToTheUint8Pixels() throws IOException {
    PngImages images = model.generatePng(3, 4);
    assertEquals(4, images.count());
    byte[] pixels = images.uint8();
    int size = 28 * 28;
    boolean anyNonZero = false;
    for (int i = 0; i < 4; i++) {
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(images.png(i)));
      assertNotNull(png, "image " + i + " is not a PNG");
      assertEquals(28, png.getWidth());
      assertEquals(28, png.getHeight());
      assertEquals(1, png.getRaster().getNumBands(), "grayscale PNG");
      int[] decoded = png.getRaster().getPixels(0, 0, 28, 28, (int[]) null);
      for (int k = 0; k < size; k++) {
        int expected = pixels[i * size + k] & 0xff;
        assertEquals(expected, decoded[k], "image " + i + " pixel " + k);
        anyNonZero |= expected != 0;
      }
    }
    assertTrue(anyNonZero, "all images are black");
  }

  /**
   * generate(seed, n) is serving_default(z) quantised, for z = StatelessRandomNormal([n, latent],
   * [seed, 0]).
   */
  @Test
  void generateIsServingDefaultOfTheStatelessZ() {
    int n = 6;
    long seed = 11;
    float[][] z = new float[n][];
    try (var g = new Graph();
        var s = new Session(g)) {
      Ops tf = Ops.create(g);
      var normal =
          tf.random.statelessRandomNormal(
              tf.constant(new int[] {n, 100}), tf.constant(new long[] {seed, 0}));
      try (Result r = s.runner().fetch(normal).run()) {
        float[] flat = Tensors.toArray((TFloat32) r.get(0));
        for (int i = 0; i < n; i++)
          z[i] = java.util.Arrays.copyOfRange(flat, i * 100, (i + 1) * 100);
      }
    }
    byte[] expected = model.generate(z).toUint8();
    byte[] actual = model.generatePng(seed, n).uint8();
    assertEquals(expected.length, actual.length);
    int maxDiff = 0;
    for (int k = 0; k < expected.length; k++)
      maxDiff = Math.max(maxDiff, Math.abs((expected[k] & 0xff) - (actual[k] & 0xff)));
    // Java rounds halves up, TensorFlow to even: 1 is the most a half can differ by.
    assertTrue(maxDiff <= 1, "max difference " + maxDiff);
  }

  /** TF Serving's row format ("instances") sends each input with a batch dimension of 1. */
  @Test
  void oneElementVectorsWorkLikeScalars() {
    try (var bundle = SavedModelBundle.load(version.toString(), SavedModelContract.TAG)) {
      var sig = bundle.function(SavedModelContract.GENERATE).signature();
      var g = bundle.graph();
      try (TInt64 seed = TInt64.vectorOf(5L);
          TInt32 count = TInt32.vectorOf(3);
          Result r =
              bundle
                  .session()
                  .runner()
                  .feed(g.outputOrThrow(sig.getInputs().get("seed").name), seed)
                  .feed(g.outputOrThrow(sig.getInputs().get("count").name), count)
                  .fetch(g.outputOrThrow(sig.getOutputs().get("images_uint8").name))
                  .fetch(g.outputOrThrow(sig.getOutputs().get("png_bytes").name))
                  .run()) {
        var uint8 = (TUint8) r.get(0);
        var png = (TString) r.get(1);
        assertEquals(Shape.of(3, 28, 28, 1), uint8.shape());
        assertEquals(Shape.of(3), png.shape());
        byte[] bytes = new byte[(int) uint8.size()];
        uint8.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(bytes, false, false));
        var scalarRun = model.generatePng(5, 3);
        assertArrayEquals(scalarRun.uint8(), bytes);
        assertArrayEquals(scalarRun.png(2), png.asBytes().getObject(2));
      }
    }
  }

  @Test
  void badCountsAreRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> model.generatePng(1, 0));
    assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    assertEquals(1, model.generatePng(1, 1).count());
  }
}
