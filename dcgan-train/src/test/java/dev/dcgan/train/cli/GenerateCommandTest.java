package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.train.TestData;
import dev.dcgan.train.data.MemoryBudget;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcgan generate} streams: one PNG each at any count, batch by batch, and a grid that cannot
 * fit is refused before anything is drawn. Uses the shipped MNIST generator.
 */
class GenerateCommandTest {
  static final Path MODEL = dev.dcgan.train.ShippedModels.dcganMnist();
  static DcganModel model;

  @BeforeAll
  static void load() throws IOException {
    model = DcganModel.load(MODEL);
  }

  @AfterAll
  static void close() {
    if (model != null) model.close();
  }

  @Test
  void eachStreamsBatchesThatEqualOneCallInOrder(@TempDir Path tmp) throws IOException {
    int count = GenerateCommand.BATCH + 44; // a full batch and a partial one
    Path each = tmp.resolve("each");
    var r =
        MainTest.run(
            "generate",
            "--model",
            MODEL.toString(),
            "--count",
            "" + count,
            "--seed",
            "5",
            "--each",
            each.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(count + " PNGs of 28x28x1"), r.out());
    assertFalse(r.out().contains("generated.png"), "--each alone draws no grid: " + r.out());
    Path[] files;
    try (Stream<Path> s = Files.list(each)) {
      files = s.sorted().toArray(Path[]::new);
    }
    assertEquals(count, files.length);
    var whole = model.generate(count, 5);
    for (int i = 0; i < count; i++) {
      assertEquals(String.format("image%04d.png", i), files[i].getFileName().toString());
      BufferedImage png = ImageIO.read(files[i].toFile());
      BufferedImage expected = whole.image(i);
      assertArrayEquals(
          expected.getRaster().getPixels(0, 0, 28, 28, (int[]) null),
          png.getRaster().getPixels(0, 0, 28, 28, (int[]) null),
          "image " + i);
    }
  }

  @Test
  void eachWithOutAlsoDrawsTheGrid(@TempDir Path tmp) throws IOException {
    Path grid = tmp.resolve("grid.png");
    var r =
        MainTest.run(
            "generate",
            "--model",
            MODEL.toString(),
            "--count",
            "300",
            "--columns",
            "20",
            "--out",
            grid.toString(),
            "--each",
            tmp.resolve("each").toString());
    assertEquals(0, r.code(), r.err());
    var png = ImageIO.read(grid.toFile());
    assertEquals(20 * 28 + 19 * 2, png.getWidth());
    assertEquals(15 * 28 + 14 * 2, png.getHeight());
    // Image 299 is the last cell: row 14, column 19, drawn from the second batch.
    var last = ImageIO.read(tmp.resolve("each/image0299.png").toFile());
    assertEquals(
        last.getRaster().getSample(14, 14, 0),
        png.getRaster().getSample(19 * 30 + 14, 14 * 30 + 14, 0));
  }

  @Test
  void aGridThatCannotFitIsAUsageErrorBeforeAnythingIsDrawn(@TempDir Path tmp) {
    Path grid = tmp.resolve("grid.png");
    var r =
        MainTest.run(
            "generate",
            "--model",
            MODEL.toString(),
            "--count",
            "100000000",
            "--out",
            grid.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--count 100000000 as one grid"), r.err());
    assertTrue(r.err().contains("100000000 images of 28x28x1 in 299998x299998 pixels"), r.err());
    assertTrue(r.err().contains("GB"), r.err());
    assertTrue(r.err().contains("--each DIR"), r.err());
    assertFalse(Files.exists(grid));
  }

  @Test
  void theGridCheckIsTheMemoryBudget() throws UsageException {
    var small = new MemoryBudget(1_000_000); // 600 KB may go to the grid
    // 289 MNIST images: a 508x508 gray grid, 2 bytes a pixel with its PNG: 516 KB.
    assertNotNull(GenerateCommand.blankGrid(model, 289, 17, small));
    var e =
        assertThrows(UsageException.class, () -> GenerateCommand.blankGrid(model, 400, 20, small));
    assertTrue(e.getMessage().contains("400 images of 28x28x1 in 598x598 pixels"), e.getMessage());
  }

  @Test
  void aClassGridTooLargeBlamesColumnsNotCount(@TempDir Path tmp) {
    Path conditional = TestData.root().resolve("models").resolve("dcgan-mnist-conditional");
    Path grid = tmp.resolve("grid.png");
    var r =
        MainTest.run(
            "generate",
            "--model",
            conditional.toString(),
            "--class",
            "all",
            "--columns",
            "1000000",
            "--out",
            grid.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--class all with --columns 1000000 as one grid"), r.err());
    assertTrue(r.err().contains("lower --columns"), r.err());
    String problem = r.err().lines().findFirst().orElse(""); // the usage follows it
    assertFalse(problem.contains("--count"), problem);
    assertFalse(Files.exists(grid));
  }
}
