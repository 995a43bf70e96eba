package dev.dcgan.train.cli;

import com.google.gson.GsonBuilder;
import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.ImageGrid;
import dev.dcgan.inference.Projector;
import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code dcgan project}: GAN inversion, the z whose image is nearest a picture (the {@link
 * Projector}'s gradient descent through the exported generator); writes z as JSON and its image.
 */
final class ProjectCommand implements Command {
  @Override
  public String name() {
    return "project";
  }

  @Override
  public String summary() {
    return "find the z whose image is nearest a picture (GAN inversion); writes z.json and the image";
  }

  @Override
  public Options options() {
    return ModelFlags.options()
        .addOption(Flags.required("image", "PIC.png", "the picture, the model's size"))
        .addOption(Flags.value("steps", "N", "Adam steps on z (default 200)"))
        .addOption(Flags.value("seed", "S", "seed of the starting z (default 0)"))
        .addOption(
            Flags.value(
                "class", "C", "class-conditional models: the class to project as (default 0)"))
        .addOption(
            Flags.value(
                "out", "DIR", "where z.json and reconstruction.png go (default projection)"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    int steps = Flags.intValue(cl, "steps", 200, 1);
    long seed = Flags.longValue(cl, "seed", 0);
    Path dir = Flags.path(cl, "out", Path.of("projection"));
    Path imageFile = Path.of(cl.getOptionValue("image"));
    BufferedImage picture = readPicture(imageFile);
    try (var model = ModelFlags.load(cl)) {
      int label = -1;
      if (model.conditional()) {
        label =
            cl.hasOption("class") ? GenerateCommand.label(model, cl.getOptionValue("class")) : 0;
        if (label == DcganModel.RANDOM_CLASS)
          throw new ConfigurationException("--class: project as one class; name one");
      } else if (cl.hasOption("class")) {
        throw new UsageException(
            "--class: model " + model.directory() + " is not class-conditional");
      }
      float[] pixels;
      try {
        pixels = Projector.pixelsOf(picture, model);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("--image " + imageFile + ": " + e.getMessage());
      }
      var fit = new Projector(model).project(pixels, label, steps, seed);
      Files.createDirectories(dir);
      Path png = dir.resolve("reconstruction.png");
      Path json = dir.resolve("z.json");
      ImageGrid.writePngAtomically(fit.reconstruction().image(0), png);
      var record = new LinkedHashMap<String, Object>();
      record.put("model", model.directory().toString());
      record.put("image", imageFile.toString());
      if (label >= 0) record.put("class", label);
      record.put("steps", steps);
      record.put("seed", seed);
      record.put("distance", fit.distance());
      record.put("startDistance", fit.startDistance());
      record.put("z", fit.z());
      AtomicFiles.writeString(
          json, new GsonBuilder().setPrettyPrinting().create().toJson(record) + "\n");
      out.printf(
          Locale.ROOT,
          "distance %.5f (mean squared pixel error; %.5f from the start) after %d steps -> %s, %s%n",
          fit.distance(),
          fit.startDistance(),
          steps,
          png,
          json);
    }
    return 0;
  }

  private static BufferedImage readPicture(Path file) throws UsageException, IOException {
    if (!Files.isRegularFile(file)) throw new UsageException("--image " + file + " is not a file");
    BufferedImage picture = ImageIO.read(file.toFile());
    if (picture == null)
      throw new UsageException(
          "--image " + file + " is not a picture javax.imageio can read (PNG)");
    return picture;
  }
}
