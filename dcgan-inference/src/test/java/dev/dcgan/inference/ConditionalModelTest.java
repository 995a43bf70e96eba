package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.inference.TinyGeneratorFixture.Conditional;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/** A class-conditional generator: its classes, labels in and out, and what is refused. */
class ConditionalModelTest {
  static final List<String> CLASSES = List.of("zero", "One", "two");
  static final Conditional SPEC = Conditional.of(3, 4, 4, 1, CLASSES);

  @TempDir static Path shared;
  static DcganModel model;
  static DcganModel plain; // unconditional

  @TempDir Path tmp;

  @BeforeAll
  static void load() throws IOException {
    model = DcganModel.load(TinyGeneratorFixture.export(shared.resolve("cgan"), SPEC));
    plain = DcganModel.load(TinyGeneratorFixture.export(shared.resolve("gan"), 3, 4, 4, 1));
  }

  @AfterAll
  static void close() {
    if (model != null) model.close();
    if (plain != null) plain.close();
  }

  @Test
  void saysItIsConditionalAndNamesItsClasses() {
    assertTrue(model.conditional());
    assertEquals(CLASSES, model.classNames());
    assertTrue(model.hasGenerateSignature());
    assertTrue(model.toString().endsWith(", 3 classes]"), model.toString());
    assertFalse(plain.conditional());
    assertEquals(List.of(), plain.classNames());
  }

  @Test
  void classOfTakesANameWithCaseIgnoredOrAnIndex() {
    assertEquals(1, model.classOf("one"));
    assertEquals(1, model.classOf(" ONE "));
    assertEquals(2, model.classOf("2"));
    assertEquals(0, model.classOf("0"));
    for (String unknown : List.of("3", "-1", "three", "")) {
      var e = assertThrows(IllegalArgumentException.class, () -> model.classOf(unknown));
      assertTrue(
          e.getMessage().endsWith("its classes are 0..2: 0=zero, 1=One, 2=two"), e.getMessage());
    }
    var e = assertThrows(IllegalArgumentException.class, () -> plain.classOf("0"));
    assertTrue(e.getMessage().contains("is not class-conditional"), e.getMessage());
  }

  @Test
  void eachRowIsDrawnAsItsLabel() {
    float[][] z = model.sampleLatent(4, 1);
    int[] labels = {2, 0, 1, 2};
    var images = model.generate(z, labels);
    assertArrayEquals(labels, images.labels());
    for (int i = 0; i < z.length; i++) {
      float[] expected = TinyGeneratorFixture.expectedImage(SPEC, z[i], labels[i]);
      for (int p = 0; p < expected.length; p++) {
        assertEquals(expected[p], images.pixel(i, p / 4, p % 4, 0), 1e-5f, "image " + i);
      }
    }
  }

  @Test
  void aFixedClassLabelsEveryImageAndKeepsZ() {
    var ones = model.generate(5, 7, 1);
    var twos = model.generate(5, 7, 2);
    assertArrayEquals(new int[] {1, 1, 1, 1, 1}, ones.labels());
    assertArrayEquals(new int[] {2, 2, 2, 2, 2}, twos.labels());
    // The same z (sampleLatent's), drawn as another class.
    float[][] z = model.sampleLatent(5, 7);
    assertArrayEquals(model.generate(z, new int[] {1, 1, 1, 1, 1}).pixels(), ones.pixels());
    assertFalse(Arrays.equals(ones.pixels(), twos.pixels()));
  }

  @Test
  void randomClassesAreInRangeRepeatableAndAreTheLabelsUsed() {
    var a = model.generate(60, 7, DcganModel.RANDOM_CLASS);
    int[] labels = a.labels();
    assertEquals(60, labels.length);
    assertTrue(IntStream.of(labels).allMatch(l -> l >= 0 && l < 3), Arrays.toString(labels));
    assertEquals(3, IntStream.of(labels).distinct().count(), "60 draws cover all 3 classes");
    var again = model.generate(60, 7, DcganModel.RANDOM_CLASS);
    assertArrayEquals(labels, again.labels());
    assertArrayEquals(a.pixels(), again.pixels());
    assertFalse(Arrays.equals(labels, model.generate(60, 8, DcganModel.RANDOM_CLASS).labels()));
    // The images are those of sampleLatent's z with these labels.
    assertArrayEquals(model.generate(model.sampleLatent(60, 7), labels).pixels(), a.pixels());
    // generate(count, seed) on a conditional model is the random-class call.
    var defaulted = model.generate(60, 7);
    assertArrayEquals(labels, defaulted.labels());
    assertArrayEquals(a.pixels(), defaulted.pixels());
  }

  @Test
  void randomLabelsArePinnedToJavaUtilRandom() {
    // new Random(splitMix64Finaliser(42 + 0x9E3779B97F4A7C15)).nextInt(3), image after image:
    // must never change, or saved seeds draw other classes.
    assertArrayEquals(
        new int[] {2, 0, 2, 2, 0, 0, 1, 1},
        model.generate(8, 42, DcganModel.RANDOM_CLASS).labels());
  }

  @ParameterizedTest
  @ValueSource(ints = {DcganModel.RANDOM_CLASS, 0, 2})
  void batchesHoldTheImagesAndLabelsOfOneCall(int label) {
    var whole = model.generate(10, 3, label);
    var pixels = new ArrayList<Float>();
    var labels = new ArrayList<Integer>();
    for (var batch : model.generateInBatches(10, 3, label, 3)) {
      for (float v : batch.pixels()) pixels.add(v);
      for (int l : batch.labels()) labels.add(l);
    }
    assertEquals(IntStream.of(whole.labels()).boxed().toList(), labels);
    float[] flat = new float[pixels.size()];
    for (int i = 0; i < flat.length; i++) flat[i] = pixels.get(i);
    assertArrayEquals(whole.pixels(), flat);
  }

  @Test
  void batchesWithoutAClassDrawRandomClasses() {
    var first = model.generateInBatches(4, 3, 4).iterator().next();
    assertArrayEquals(model.generate(4, 3).labels(), first.labels());
  }

  @Test
  void labelsOutOfRangeAreRefusedListingTheClasses() {
    float[][] z = model.sampleLatent(3, 1);
    var e =
        assertThrows(IllegalArgumentException.class, () -> model.generate(z, new int[] {0, 3, 1}));
    assertEquals(
        "labels[1] is 3, not a class of this model; its classes are 0..2: 0=zero, 1=One, 2=two",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.generate(z, new int[] {0, 1, -1}));
    assertTrue(e.getMessage().startsWith("labels[2] is -1, not a class"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.generate(2, 1, 3));
    assertTrue(
        e.getMessage().startsWith("class is 3, not a class of this model nor -1 (random classes)"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.generate(2, 1, -2));
    assertTrue(e.getMessage().startsWith("class is -2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> model.generateInBatches(2, 1, 5, 1));
  }

  @Test
  void labelsMustMatchZ() {
    float[][] z = model.sampleLatent(3, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> model.generate(z, new int[] {0, 1}));
    assertEquals(
        "labels has 2 entries and z has 3 rows; pass one label per row of z", e.getMessage());
  }

  @Test
  void aConditionalModelNeedsLabels() {
    float[][] z = model.sampleLatent(2, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> model.generate(z));
    assertTrue(e.getMessage().contains("is class-conditional"), e.getMessage());
    assertTrue(e.getMessage().contains("generate(z, labels)"), e.getMessage());
    assertTrue(e.getMessage().contains("0..2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.generate(z, null));
    assertTrue(e.getMessage().startsWith("labels is null"), e.getMessage());
  }

  @Test
  void anUnconditionalModelRefusesLabelsAndClasses() {
    float[][] z = plain.sampleLatent(2, 1);
    String expected =
        "model " + plain.directory() + " is not class-conditional: it takes no labels;";
    var e = assertThrows(IllegalArgumentException.class, () -> plain.generate(z, new int[] {0, 0}));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertArrayEquals(plain.generate(z).pixels(), plain.generate(z, null).pixels());
    for (int label : new int[] {0, DcganModel.RANDOM_CLASS}) {
      e = assertThrows(IllegalArgumentException.class, () -> plain.generate(2, 1, label));
      assertTrue(e.getMessage().contains("it takes no class"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> plain.generateInBatches(2, 1, label, 1));
      assertThrows(IllegalArgumentException.class, () -> plain.generatePng(1, 2, label));
    }
    assertFalse(plain.generate(2, 1).hasLabels());
  }

  @Test
  void generatePngWithAClassLabelsEveryImage() throws IOException {
    PngImages ones = model.generatePng(5, 4, 1);
    PngImages twos = model.generatePng(5, 4, 2);
    assertArrayEquals(new int[] {1, 1, 1, 1}, ones.labels());
    assertArrayEquals(new int[] {2, 2, 2, 2}, twos.labels());
    assertFalse(Arrays.equals(ones.uint8(), twos.uint8()));
    for (int i = 0; i < 4; i++) {
      var image = ImageIO.read(new ByteArrayInputStream(ones.png(i)));
      for (int p = 0; p < 16; p++) {
        assertEquals(ones.uint8()[i * 16 + p] & 0xff, image.getRaster().getSample(p % 4, p / 4, 0));
      }
    }
  }

  @Test
  void generatePngDrawsClassesInTheGraphForMinusOne() {
    PngImages a = model.generatePng(11, 40, DcganModel.RANDOM_CLASS);
    int[] labels = a.labels();
    assertTrue(IntStream.of(labels).allMatch(l -> l >= 0 && l < 3), Arrays.toString(labels));
    assertEquals(Set.of(0, 1, 2), Set.copyOf(IntStream.of(labels).boxed().toList()));
    assertEquals(a, model.generatePng(11, 40, DcganModel.RANDOM_CLASS));
    assertEquals(a, model.generatePng(11, 40));
    assertFalse(Arrays.equals(labels, model.generatePng(12, 40).labels()));
    // z is [seed, 0] whatever the class: image i is the image of z_i drawn as class labels[i].
    byte[] pixels = a.uint8();
    for (int c = 0; c < 3; c++) {
      byte[] asC = model.generatePng(11, 40, c).uint8();
      for (int i = 0; i < 40; i++) {
        if (labels[i] != c) continue;
        assertArrayEquals(
            Arrays.copyOfRange(asC, i * 16, i * 16 + 16),
            Arrays.copyOfRange(pixels, i * 16, i * 16 + 16),
            "image " + i);
      }
    }
    var e = assertThrows(IllegalArgumentException.class, () -> model.generatePng(1, 2, 3));
    assertTrue(e.getMessage().startsWith("class is 3"), e.getMessage());
  }

  @Test
  void theConditionalOpsAreOnTheAllowList() throws IOException {
    var verdict = OpAllowList.check(SavedModelFile.read(model.directory()));
    assertTrue(verdict.passed(), verdict.describeRefused());
    assertTrue(
        verdict.opTypes().containsAll(Set.of("StatelessRandomUniformInt", "Fill", "SelectV2")),
        verdict.opTypes().toString());
  }

  // Load-time refusals: the graph and the metadata must agree.

  private static String metadataFile(Path dir) {
    return dir.resolve("assets.extra").resolve("dcgan.json").toString();
  }

  private ModelLoadException refused(Path dir) {
    return assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
  }

  @Test
  void labelsInputWithoutClassesInTheMetadataIsRefused() throws IOException {
    var unconditionalMetadata = TinyGeneratorFixture.metadata(3, 4, 4, 1);
    Path dir =
        TinyGeneratorFixture.export(tmp.resolve("m"), SPEC.withMetadata(unconditionalMetadata));
    var e = refused(dir);
    assertTrue(e.getMessage().startsWith(metadataFile(dir) + " lists no classes"), e.getMessage());
    assertTrue(e.getMessage().contains("takes 'labels'"), e.getMessage());
    assertTrue(e.getMessage().contains("disagree"), e.getMessage());
  }

  @Test
  void labelsInputWithFormatVersion1IsRefused() throws IOException {
    var version1 =
        TinyGeneratorFixture.withFormat(
            TinyGeneratorFixture.metadata(3, 4, 4, 1), SavedModelContract.FORMAT_VERSION, CLASSES);
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), SPEC.withMetadata(version1));
    var e = refused(dir);
    assertTrue(
        e.getMessage().startsWith(metadataFile(dir) + " says format version 1"), e.getMessage());
  }

  @Test
  void labelsInputWithoutMetadataIsRefused() throws IOException {
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), SPEC.withMetadata(null));
    var e = refused(dir);
    assertTrue(e.getMessage().contains("takes 'labels'"), e.getMessage());
    assertTrue(e.getMessage().contains("no " + metadataFile(dir)), e.getMessage());
  }

  @Test
  void classesWithoutALabelsInputAreRefused() throws IOException {
    var conditionalMetadata = TinyGeneratorFixture.conditionalMetadata(4, 2, 2, 1, CLASSES);
    Path dir =
        TinyGeneratorFixture.export(
            tmp.resolve("m"),
            TinyGeneratorFixture.Spec.of(4, 2, 2, 1).withMetadata(conditionalMetadata));
    var e = refused(dir);
    assertTrue(e.getMessage().startsWith(metadataFile(dir) + " lists 3 classes"), e.getMessage());
    assertTrue(e.getMessage().contains("takes no 'labels'"), e.getMessage());

    var version2 =
        TinyGeneratorFixture.withFormat(
            TinyGeneratorFixture.metadata(4, 2, 2, 1),
            SavedModelContract.CONDITIONAL_FORMAT_VERSION,
            null);
    Path other =
        TinyGeneratorFixture.export(
            tmp.resolve("v2"), TinyGeneratorFixture.Spec.of(4, 2, 2, 1).withMetadata(version2));
    e = refused(other);
    assertTrue(
        e.getMessage().startsWith(metadataFile(other) + " says format version 2"), e.getMessage());
  }

  @Test
  void aNewerFormatVersionIsRefusedAsTooNew() throws IOException {
    var version3 =
        TinyGeneratorFixture.withFormat(
            TinyGeneratorFixture.conditionalMetadata(3, 4, 4, 1, CLASSES), 3, CLASSES);
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), SPEC.withMetadata(version3));
    var e = refused(dir);
    assertEquals(
        metadataFile(dir)
            + " says model format version 3, but this dcgan-inference reads versions up to 2:"
            + " this library is too old for the model; upgrade dcgan-inference",
        e.getMessage());
  }

  @Test
  void moreClassesInTheMetadataThanInTheGraphFailAtLoad() throws IOException {
    Path dir =
        TinyGeneratorFixture.export(
            tmp.resolve("m"),
            Conditional.of(3, 4, 4, 1, List.of("a", "b", "c", "d")).withEmbeddingRows(3));
    var e = refused(dir);
    assertTrue(e.getMessage().contains("cannot run"), e.getMessage());
    assertTrue(e.getMessage().contains("with labels 0 and 3"), e.getMessage());
  }

  @Test
  void classNamesMustBeUniqueAndNonBlank() throws IOException {
    var twice = Conditional.of(3, 4, 4, 1, List.of("cat", "dog", "Cat"));
    Path dir = TinyGeneratorFixture.export(tmp.resolve("twice"), twice);
    var e = refused(dir);
    assertEquals(
        metadataFile(dir)
            + ": classes 0 and 2 are both named 'Cat' (case ignored); class names must be unique",
        e.getMessage());

    var blank = Conditional.of(3, 4, 4, 1, List.of("cat", " "));
    Path other = TinyGeneratorFixture.export(tmp.resolve("blank"), blank);
    e = refused(other);
    assertTrue(e.getMessage().startsWith(metadataFile(other) + ": class 1 has no name"));
  }

  /** Rewrites the signatures in saved_model.pb, as a hand-edited or foreign export has them. */
  private static void editSignatures(Path dir, Consumer<MetaGraphDef.Builder> edit)
      throws IOException {
    Path file = dir.resolve("saved_model.pb");
    var model = SavedModel.parseFrom(Files.readAllBytes(file)).toBuilder();
    edit.accept(model.getMetaGraphsBuilder(0));
    Files.write(file, model.build().toByteArray());
  }

  @Test
  void aConditionalGenerateSignatureNeedsClassAndLabels() throws IOException {
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), SPEC);
    editSignatures(
        dir,
        graph ->
            graph.putSignatureDef(
                "generate",
                graph.getSignatureDefOrThrow("generate").toBuilder()
                    .removeInputs("class")
                    .build()));
    var e = refused(dir);
    assertTrue(
        e.getMessage().contains("needs input 'class' and output 'labels'; it has inputs"),
        e.getMessage());
  }

  @Test
  void aClassInputBesideAnUnconditionalServingDefaultIsRefused() throws IOException {
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), 4, 2, 2, 1);
    editSignatures(
        dir,
        graph -> {
          var serving = graph.getSignatureDefOrThrow("serving_default");
          graph.putSignatureDef(
              "generate",
              serving.toBuilder().putInputs("class", serving.getInputsOrThrow("z")).build());
        });
    var e = refused(dir);
    assertTrue(
        e.getMessage().contains("takes 'class', but 'serving_default' takes no 'labels'"),
        e.getMessage());
  }

  @Test
  void labelsMustBeInt64() throws IOException {
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), SPEC);
    editSignatures(
        dir,
        graph -> {
          var serving = graph.getSignatureDefOrThrow("serving_default");
          var labels = serving.getInputsOrThrow("labels").toBuilder().setDtype(DataType.DT_INT32);
          graph.putSignatureDef(
              "serving_default", serving.toBuilder().putInputs("labels", labels.build()).build());
        });
    // TensorFlow's loader already compares a signature's types with the graph's.
    var e = refused(dir);
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("\"labels\""), e.getMessage());
    assertTrue(e.getMessage().contains("DT_INT32"), e.getMessage());
  }
}
