package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.inference.ImageGrid;
import dev.dcgan.train.TestModels;
import dev.dcgan.train.data.ClassFolders;
import dev.dcgan.train.data.ClassNames;
import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.LoadOptions;
import dev.dcgan.train.data.Split;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --class}, {@code --class all} and {@code --each DIR --per-class N}, and {@code
 * inspect}, on a tiny conditional export whose ten classes carry Fashion-MNIST's names (one with a
 * '/', one with a space).
 */
class ConditionalGenerateTest {
  @TempDir static Path tmp;
  static Path version;
  static DcganModel model;

  @BeforeAll
  static void export() throws IOException {
    version = TestModels.trainAndExportConditional(tmp, ClassNames.FASHION_MNIST);
    model = DcganModel.load(version);
  }

  @AfterAll
  static void close() {
    if (model != null) model.close();
  }

  static int[] pixels(BufferedImage image) {
    return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
  }

  static Path[] sorted(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toArray(Path[]::new);
    }
  }

  @Test
  void aClassByNameOrIndexDrawsThatClassOnly() throws IOException {
    GeneratedImages sneakers = model.generate(5, 3, 7);
    for (String cls : List.of("Sneaker", "7")) {
      Path each = Files.createTempDirectory(tmp, "each");
      var r =
          MainTest.run(
              "generate",
              "--model",
              version.toString(),
              "--count",
              "5",
              "--seed",
              "3",
              "--class",
              cls,
              "--each",
              each.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("5 PNGs of 8x8x1, class 7 (sneaker)"), r.out());
      Path[] files = sorted(each);
      assertEquals(5, files.length);
      for (int i = 0; i < 5; i++) {
        assertArrayEquals(
            pixels(sneakers.image(i)), pixels(ImageIO.read(files[i].toFile())), cls + " " + i);
      }
    }
    // Another class from the same seed: the same z, other images.
    assertFalse(
        java.util.Arrays.equals(model.generate(5, 3, 0).pixels(), sneakers.pixels()),
        "class 0 and class 7 drew the same images");
  }

  @Test
  void randomOrMinusOneDrawsRandomClassesAsWithoutClass() throws IOException {
    Path grid = tmp.resolve("random.png");
    for (String cls : List.of("random", "-1")) {
      var r =
          MainTest.run(
              "generate",
              "--model",
              version.toString(),
              "--count",
              "4",
              "--class",
              cls,
              "--out",
              grid.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("4 images of 8x8x1, random classes"), r.out());
      assertArrayEquals(
          pixels(model.generate(4, 0).grid(2)), pixels(ImageIO.read(grid.toFile())), cls);
    }
  }

  @Test
  void classAllDrawsOneRowPerClassWithTheSameZ() throws IOException {
    Path grid = tmp.resolve("all.png");
    var r =
        MainTest.run(
            "generate",
            "--model",
            version.toString(),
            "--class",
            "all",
            "--columns",
            "3",
            "--seed",
            "9",
            "--out",
            grid.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("10 rows of 3 images of 8x8x1, one row per class"), r.out());
    BufferedImage picture = ImageIO.read(grid.toFile());
    int gap = ImageGrid.DEFAULT_GAP;
    assertEquals(3 * 8 + 2 * gap, picture.getWidth());
    assertEquals(10 * 8 + 9 * gap, picture.getHeight());
    for (int row : new int[] {0, 4, 9}) {
      GeneratedImages expected = model.generate(3, 9, row);
      for (int column = 0; column < 3; column++) {
        var cell = picture.getSubimage(column * (8 + gap), row * (8 + gap), 8, 8);
        assertArrayEquals(
            pixels(expected.image(column)), pixels(cell), "row " + row + ", column " + column);
      }
    }
  }

  @Test
  void perClassWritesAFolderDataSetThatLoadsBackWithTheSameLabels() throws IOException {
    Path dir = tmp.resolve("synthetic");
    var r =
        MainTest.run(
            "generate",
            "--model",
            version.toString(),
            "--each",
            dir.toString(),
            "--per-class",
            "3",
            "--seed",
            "4");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("3 PNGs of 8x8x1 for each of 10 classes"), r.out());

    List<String> folders =
        Stream.of(sorted(dir))
            .filter(Files::isDirectory)
            .map(p -> p.getFileName().toString())
            .toList();
    assertEquals("00-t-shirt_top", folders.get(0), "'/' makes no nested folder");
    assertEquals("09-ankle_boot", folders.get(9));
    assertEquals(
        java.util.stream.IntStream.range(0, 10)
            .mapToObj(k -> ClassFolders.of(k, ClassNames.FASHION_MNIST))
            .toList(),
        folders);

    var data = DataSets.load(dir, null, Split.TRAIN, new LoadOptions(8, 1, 0, 0));
    assertEquals(30, data.count());
    assertEquals(ClassNames.FASHION_MNIST, data.classNames(), "label i is the model's class i");
    assertEquals(List.of(), data.notes(), "the manifest is not a skipped file");
    int[] perLabel = new int[10];
    for (int label : data.labels()) perLabel[label]++;
    assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, perLabel);
    // The images of label k are the model's class k: files sort by folder, then by name.
    for (int k : new int[] {0, 7}) {
      GeneratedImages expected = model.generate(3, 4, k);
      for (int i = 0; i < 3; i++) {
        int n = 3 * k + i;
        assertEquals(k, data.labels()[n]);
        byte[] loaded = java.util.Arrays.copyOfRange(data.pixels(), n * 64, (n + 1) * 64);
        int[] asInts = new int[64];
        for (int p = 0; p < 64; p++) asInts[p] = loaded[p] & 0xff;
        assertArrayEquals(pixels(expected.image(i)), asInts, "class " + k + " image " + i);
      }
    }

    // Without the manifest the folders name the classes, with the same labels.
    Files.delete(dir.resolve(ClassFolders.MANIFEST));
    var unnamed = DataSets.load(dir, null, Split.TRAIN, new LoadOptions(8, 1, 0, 0));
    assertEquals(folders, unnamed.classNames());
    assertArrayEquals(data.labels(), unnamed.labels());

    var again =
        MainTest.run(
            "generate",
            "--model",
            version.toString(),
            "--each",
            dir.toString(),
            "--per-class",
            "3");
    assertEquals(2, again.code());
    assertTrue(again.err().contains("is not empty"), again.err());
  }

  @Test
  void inspectShowsTheClasses() {
    var r = MainTest.run("inspect", "--model", version.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("class-conditional: yes, 10 classes")
            && r.out().contains("0=t-shirt/top, 1=trouser")
            && r.out().contains("9=ankle boot"),
        r.out());
  }

  @Test
  void classMistakesExitTwoWithTheFix() {
    var unknown =
        MainTest.run("generate", "--model", version.toString(), "--class", "boot", "--count", "1");
    assertEquals(2, unknown.code());
    assertTrue(
        unknown.err().contains("--class boot: unknown class 'boot'")
            && unknown.err().contains("9=ankle boot"),
        unknown.err());

    Path unconditional = GenerateCommandTest.MODEL;
    var plain = MainTest.run("generate", "--model", unconditional.toString(), "--class", "7");
    assertEquals(2, plain.code());
    assertTrue(plain.err().contains("is not class-conditional"), plain.err());
    var all = MainTest.run("generate", "--model", unconditional.toString(), "--class", "all");
    assertEquals(2, all.code());
    assertTrue(all.err().contains("--class all: model"), all.err());
    var inspect = MainTest.run("inspect", "--model", unconditional.toString());
    assertTrue(inspect.out().contains("class-conditional: no"), inspect.out());

    var noEach = MainTest.run("generate", "--model", version.toString(), "--per-class", "2");
    assertEquals(2, noEach.code());
    assertTrue(noEach.err().contains("give --each DIR"), noEach.err());
    var allWithCount =
        MainTest.run("generate", "--model", version.toString(), "--class", "all", "--count", "3");
    assertEquals(2, allWithCount.code());
    assertTrue(allWithCount.err().contains("drop --count"), allWithCount.err());
  }
}
