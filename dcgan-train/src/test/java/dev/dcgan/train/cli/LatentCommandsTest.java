package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.Latents;
import dev.dcgan.train.TestData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate --truncation/--code, interpolate and project on the shipped MNIST generator. */
class LatentCommandsTest {
  static final String MODEL = TestData.root().resolve("models").resolve("dcgan-mnist").toString();

  @Test
  void truncatedGenerateDrawsLatentsWithinPsi(@TempDir Path tmp) throws Exception {
    Path grid = tmp.resolve("t.png");
    var r =
        generate(
            "--count",
            "4",
            "--seed",
            "3",
            "--truncation",
            "0.7",
            "--out",
            grid.toString(),
            "--columns",
            "4");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("truncation ψ 0.7"), r.out());
    try (var model = DcganModel.load(Path.of(MODEL))) {
      var expected = model.generate(Latents.truncated(4, 100, 3, 0.7));
      BufferedImage png = ImageIO.read(grid.toFile());
      assertArrayEquals(
          expected.image(2).getRaster().getPixels(0, 0, 28, 28, (int[]) null),
          png.getRaster().getPixels(2 * 30, 0, 28, 28, (int[]) null));
    }
    var bad = generate("--truncation", "0", "--out", grid.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--truncation must be between 0.0"), bad.err());
  }

  @Test
  void codeDrawsTheCodeAskedForAndRefusesOthers(@TempDir Path tmp) throws Exception {
    Path grid = tmp.resolve("c.png");
    var r = generate("--count", "2", "--code", "3", "--out", grid.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("code 3"), r.out());
    var bad = generate("--code", "25", "--out", grid.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("not a code of this model: it has codes 0..19"), bad.err());
  }

  @Test
  void interpolateWritesAStripAndALoopingGif(@TempDir Path tmp) throws Exception {
    Path strip = tmp.resolve("strip.png");
    var r = interpolate("--steps", "5", "--slerp", "--out", strip.toString());
    assertEquals(0, r.code(), r.err());
    BufferedImage png = ImageIO.read(strip.toFile());
    assertEquals(5 * 28 + 4 * 2, png.getWidth());
    try (var model = DcganModel.load(Path.of(MODEL))) {
      assertArrayEquals(
          model.generate(1, 2).image(0).getRaster().getPixels(0, 0, 28, 28, (int[]) null),
          png.getRaster().getPixels(4 * 30, 0, 28, 28, (int[]) null),
          "the last image is seed B's");
    }
    Path gif = tmp.resolve("anim.gif");
    r = interpolate("--steps", "4", "--out", gif.toString());
    assertEquals(0, r.code(), r.err());
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (var in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      assertEquals(6, reader.getNumImages(true), "4 there, 2 back");
    } finally {
      reader.dispose();
    }
    var bad = interpolate("--out", tmp.resolve("x.jpg").toString());
    assertEquals(2, bad.code());
    var unconditional = interpolate("--class", "3", "--out", strip.toString());
    assertEquals(2, unconditional.code());
    assertTrue(unconditional.err().contains("is not class-conditional"), unconditional.err());
    assertEquals(2, interpolate("--steps", "1").code());
  }

  @Test
  void projectWritesZAndTheReconstruction(@TempDir Path tmp) throws Exception {
    Path pic = tmp.resolve("pic.png");
    try (var model = DcganModel.load(Path.of(MODEL))) {
      model.generate(1, 9).writePng(0, pic);
    }
    Path out = tmp.resolve("proj");
    var r = project("--image", pic.toString(), "--steps", "20", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("distance "), r.out());
    var json = JsonParser.parseString(Files.readString(out.resolve("z.json"))).getAsJsonObject();
    assertEquals(100, json.getAsJsonArray("z").size());
    assertTrue(json.get("distance").getAsDouble() < json.get("startDistance").getAsDouble());
    assertEquals(28, ImageIO.read(out.resolve("reconstruction.png").toFile()).getWidth());

    Path wrong = tmp.resolve("wrong.png");
    ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY), "png", wrong.toFile());
    var bad = project("--image", wrong.toString(), "--out", out.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("32x32 pixels; the model makes 28x28"), bad.err());
  }

  /** dcgan generate on the shipped model, with {@code flags}. */
  private static MainTest.Run generate(String... flags) {
    return onModel("generate", flags);
  }

  /** dcgan interpolate on the shipped model from seed 1 to seed 2, with {@code flags}. */
  private static MainTest.Run interpolate(String... flags) {
    String[] seeds = {"--from-seed", "1", "--to-seed", "2"};
    String[] all = java.util.Arrays.copyOf(seeds, seeds.length + flags.length);
    System.arraycopy(flags, 0, all, seeds.length, flags.length);
    return onModel("interpolate", all);
  }

  /** dcgan project on the shipped model, with {@code flags}. */
  private static MainTest.Run project(String... flags) {
    return onModel("project", flags);
  }

  private static MainTest.Run onModel(String command, String... flags) {
    String[] args = new String[flags.length + 3];
    args[0] = command;
    args[1] = "--model";
    args[2] = MODEL;
    System.arraycopy(flags, 0, args, 3, flags.length);
    return MainTest.run(args);
  }
}
