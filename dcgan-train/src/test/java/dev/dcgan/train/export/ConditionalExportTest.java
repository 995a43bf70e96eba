package dev.dcgan.train.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.inference.OpAllowList;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.inference.SavedModelFile;
import dev.dcgan.train.TestModels;
import dev.dcgan.train.bench.Benchmark;
import dev.dcgan.train.data.ClassNames;
import dev.dcgan.train.util.Tensors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * A class-conditional generator's export, read with TensorFlow's own SavedModelBundle: both
 * signatures take a class, the metadata lists the classes, and every op is on the library's list.
 */
class ConditionalExportTest {
  static final int LATENT = 8;
  static final int SIDE = 8;
  static final int CLASSES = 10;

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
  void signaturesTakeAClassAndReturnLabels() {
    Map<String, SignatureDef> sigs = bundle.metaGraphDef().getSignatureDefMap();
    assertEquals(Set.of("serving_default", "generate"), sigs.keySet());
    var serving = sigs.get("serving_default");
    assertEquals(SavedModelContract.PREDICT_METHOD, serving.getMethodName());
    assertEquals(
        Map.of("z", "DT_FLOAT [-1, 8]", "labels", "DT_INT64 [-1]"),
        GenerateSignatureTest.describe(serving.getInputsMap()));
    assertEquals(
        Map.of("images", "DT_FLOAT [-1, 8, 8, 1]"),
        GenerateSignatureTest.describe(serving.getOutputsMap()));
    var generate = sigs.get("generate");
    assertEquals(
        Map.of("seed", "DT_INT64 []", "count", "DT_INT32 []", "class", "DT_INT64 []"),
        GenerateSignatureTest.describe(generate.getInputsMap()));
    assertEquals(
        Map.of(
            "images_uint8",
            "DT_UINT8 [-1, 8, 8, 1]",
            "png_bytes",
            "DT_STRING [-1]",
            "labels",
            "DT_INT64 [-1]"),
        GenerateSignatureTest.describe(generate.getOutputsMap()));
  }

  @Test
  void metadataListsTheClassesAtFormatVersionTwo() throws IOException {
    var metadata = ModelMetadata.read(version);
    assertEquals(SavedModelContract.CONDITIONAL_FORMAT_VERSION, metadata.formatVersion());
    assertEquals(ClassNames.numbered(CLASSES), metadata.classes());
    assertTrue(metadata.conditional());
    assertEquals(0.9, ((Number) metadata.extra().get("ema")).doubleValue(), 1e-6);
    assertEquals("batch-norm", metadata.extra().get("conditioning"), "how G takes the class");
  }

  @Test
  void everyOpIsOnTheLibrarysAllowList() throws Exception {
    var verdict = OpAllowList.check(SavedModelFile.read(version));
    assertTrue(verdict.passed(), verdict.describeRefused());
  }

  /** Results of {@code generate} for (seed, count, class): uint8 pixels and labels. */
  record Generated(byte[] pixels, long[] labels, long pngs) {}

  static Generated generate(long seed, int count, long cls) {
    var sig = bundle.function("generate").signature();
    var g = bundle.graph();
    try (TInt64 s = TInt64.scalarOf(seed);
        TInt32 n = TInt32.scalarOf(count);
        TInt64 c = TInt64.scalarOf(cls);
        Result r =
            bundle
                .session()
                .runner()
                .feed(g.outputOrThrow(sig.getInputs().get("seed").name), s)
                .feed(g.outputOrThrow(sig.getInputs().get("count").name), n)
                .feed(g.outputOrThrow(sig.getInputs().get("class").name), c)
                .fetch(g.outputOrThrow(sig.getOutputs().get("images_uint8").name))
                .fetch(g.outputOrThrow(sig.getOutputs().get("labels").name))
                .fetch(g.outputOrThrow(sig.getOutputs().get("png_bytes").name))
                .run()) {
      var uint8 = (TUint8) r.get(0);
      var labels = (TInt64) r.get(1);
      assertEquals(Shape.of(count, SIDE, SIDE, 1), uint8.shape());
      assertEquals(Shape.of(count), labels.shape());
      assertEquals(Shape.of(count), ((TString) r.get(2)).shape());
      byte[] bytes = new byte[(int) uint8.size()];
      uint8.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(bytes, false, false));
      long[] l = new long[count];
      for (int i = 0; i < count; i++) l[i] = labels.getLong(i);
      return new Generated(bytes, l, r.get(2).shape().size(0));
    }
  }

  @Test
  void generateDrawsTheAskedClassOrUniformClasses() {
    for (long k : new long[] {0, 3, CLASSES - 1}) {
      var one = generate(7, 5, k);
      assertTrue(Arrays.stream(one.labels()).allMatch(l -> l == k), Arrays.toString(one.labels()));
    }
    var any = generate(7, 64, -1);
    assertTrue(Arrays.stream(any.labels()).allMatch(l -> l >= 0 && l < CLASSES));
    assertTrue(Arrays.stream(any.labels()).distinct().count() > 1, "64 draws of one class");
    // The same seed gives the same images and classes; the class changes the images, not z.
    var again = generate(7, 64, -1);
    assertArrayEquals(any.pixels(), again.pixels());
    assertArrayEquals(any.labels(), again.labels());
    assertFalse(Arrays.equals(generate(7, 5, 0).pixels(), generate(7, 5, 1).pixels()));
  }

  /** The drawn classes are StatelessRandomUniformInt([count], [seed, 1], 0, classes). */
  @Test
  void drawnClassesAreTheContractsStream() {
    try (var graph = new org.tensorflow.Graph();
        var session = new Session(graph)) {
      var tf = org.tensorflow.op.Ops.create(graph);
      var expected =
          tf.random.statelessRandomUniformInt(
              tf.constant(new int[] {20}),
              tf.constant(new long[] {9, 1}),
              tf.constant(0L),
              tf.constant((long) CLASSES));
      try (Result r = session.runner().fetch(expected).run()) {
        var t = (TInt64) r.get(0);
        var drawn = generate(9, 20, -1).labels();
        for (int i = 0; i < 20; i++) assertEquals(t.getLong(i), drawn[i], "label " + i);
      }
    }
  }

  /** TF Serving's row format sends seed, count and class as one-element vectors. */
  @Test
  void oneElementVectorsWorkLikeScalars() {
    var sig = bundle.function("generate").signature();
    var g = bundle.graph();
    try (TInt64 s = TInt64.vectorOf(7L);
        TInt32 n = TInt32.vectorOf(5);
        TInt64 c = TInt64.vectorOf(3L);
        Result r =
            bundle
                .session()
                .runner()
                .feed(g.outputOrThrow(sig.getInputs().get("seed").name), s)
                .feed(g.outputOrThrow(sig.getInputs().get("count").name), n)
                .feed(g.outputOrThrow(sig.getInputs().get("class").name), c)
                .fetch(g.outputOrThrow(sig.getOutputs().get("labels").name))
                .run()) {
      var labels = (TInt64) r.get(0);
      assertEquals(Shape.of(5), labels.shape());
      for (int i = 0; i < 5; i++) assertEquals(3L, labels.getLong(i));
    }
  }

  @Test
  void servingDefaultTakesZAndLabels() {
    var sig = bundle.function("serving_default").signature();
    var g = bundle.graph();
    float[][] z = new float[4][LATENT];
    for (float[] row : z) Arrays.fill(row, 0.5f); // the same z four times
    long[] labels = {0, 1, 2, 0};
    try (TFloat32 zt = Tensors.matrix(z);
        TInt64 lt = TInt64.vectorOf(labels);
        Result r =
            bundle
                .session()
                .runner()
                .feed(g.outputOrThrow(sig.getInputs().get("z").name), zt)
                .feed(g.outputOrThrow(sig.getInputs().get("labels").name), lt)
                .fetch(g.outputOrThrow(sig.getOutputs().get("images").name))
                .run()) {
      Tensor images = r.get(0);
      assertEquals(Shape.of(4, SIDE, SIDE, 1), images.shape());
      float[] px = Tensors.toArray((TFloat32) images);
      int size = SIDE * SIDE;
      float[] first = Arrays.copyOfRange(px, 0, size);
      assertArrayEquals(first, Arrays.copyOfRange(px, 3 * size, 4 * size), "same z, same class");
      assertFalse(
          Arrays.equals(first, Arrays.copyOfRange(px, size, 2 * size)), "same z, other class");
      for (float v : px) assertTrue(v >= 0f && v <= 1f, "pixel " + v + " outside [0, 1]");
    }
  }

  /** The export through the slim library, as a user loads it: a class in, images of it out. */
  @Test
  void dcganModelDrawsTheClassAskedFor() throws Exception {
    try (var model = DcganModel.load(version)) {
      assertTrue(model.conditional());
      assertEquals(ClassNames.numbered(CLASSES), model.classNames());
      int cls = model.classOf("3");
      var threes = model.generate(6, 11, cls);
      assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3}, threes.labels());
      assertFalse(
          Arrays.equals(threes.pixels(), model.generate(6, 11, 5).pixels()),
          "classes 3 and 5 drew the same images from the same z");

      // bench's generation timing feeds a conditional model labels 0, 1, 2, ... in turn.
      var benched = Benchmark.draw(model, model.sampleLatent(12, 1));
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, benched.labels());

      var pngs = model.generatePng(11, 4, cls);
      assertArrayEquals(new int[] {3, 3, 3, 3}, pngs.labels());
      byte[] uint8 = pngs.uint8();
      for (int i = 0; i < 4; i++) {
        var decoded = ImageIO.read(new ByteArrayInputStream(pngs.png(i)));
        int[] pixels = decoded.getRaster().getPixels(0, 0, SIDE, SIDE, (int[]) null);
        for (int p = 0; p < pixels.length; p++) {
          assertEquals(uint8[i * SIDE * SIDE + p] & 0xff, pixels[p], "png " + i + " pixel " + p);
        }
      }
    }
  }
}
