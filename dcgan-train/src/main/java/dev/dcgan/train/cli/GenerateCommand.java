package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code dcgan generate}: images from an exported model, as a grid or one PNG each. */
final class GenerateCommand implements Command {
  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String summary() {
    return "generate images from an exported model (a SavedModel folder or its TF Serving base folder)";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Flags.required(
                "model", "DIR", "model version folder, or base folder (highest version)"))
        .addOption(Flags.value("count", "N", "images to generate (default 64)"))
        .addOption(
            Flags.value("seed", "S", "seed of z; the same seed gives the same images (default 0)"))
        .addOption(Flags.value("out", "FILE.png", "grid PNG to write (default generated.png)"))
        .addOption(Flags.value("columns", "N", "grid columns (default: square-ish)"))
        .addOption(Flags.value("each", "DIR", "also write one PNG per image into DIR"))
        .addOption(Flags.allowUnsafeOps());
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    int count = Flags.intValue(cl, "count", 64, 1);
    long seed = Flags.longValue(cl, "seed", 0);
    int columns = Flags.intValue(cl, "columns", (int) Math.ceil(Math.sqrt(count)), 1);
    Path file = Flags.path(cl, "out", Path.of("generated.png"));
    if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      throw new UsageException("--out must name a .png file, got " + file);
    }
    try (var model = DcganModel.load(Path.of(cl.getOptionValue("model")), Flags.loadOptions(cl))) {
      var images = model.generate(count, seed);
      images.writeGridPng(file, columns);
      out.printf(
          "%d images of %dx%dx%d from %s -> %s%n",
          count, model.height(), model.width(), model.channels(), model.directory(), file);
      if (cl.hasOption("each")) {
        var files = images.writeEach(Path.of(cl.getOptionValue("each")), "image");
        out.println(files.size() + " PNGs -> " + cl.getOptionValue("each"));
      }
    }
    return 0;
  }
}
