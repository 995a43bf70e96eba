package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.GridCanvas;
import dev.dcgan.inference.ImageGrid;
import dev.dcgan.train.data.MemoryBudget;
import dev.dcgan.train.data.MemoryLimitException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code dcgan generate}: images from an exported model, as a grid or one PNG each. Images are
 * drawn in batches, so one PNG each needs one batch's memory at any count; a grid that cannot fit
 * in memory is refused before anything is drawn.
 */
final class GenerateCommand implements Command {
  /** Images drawn at a time: DcganModel's own run size, so batches give what one call gives. */
  static final int BATCH = 256;

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
        .addOption(
            Flags.value(
                "out",
                "FILE.png",
                "grid PNG to write (default generated.png; with --each, only when given)"))
        .addOption(Flags.value("columns", "N", "grid columns (default: square-ish)"))
        .addOption(
            Flags.value(
                "each",
                "DIR",
                "write one PNG per image into DIR, batch by batch: any --count fits in memory"))
        .addOption(Flags.allowUnsafeOps());
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    int count = Flags.intValue(cl, "count", 64, 1);
    long seed = Flags.longValue(cl, "seed", 0);
    int columns = Flags.intValue(cl, "columns", (int) Math.ceil(Math.sqrt(count)), 1);
    Path each = Flags.path(cl, "each", null);
    // With --each alone the files are what was asked for; a grid is drawn when named or by default.
    Path gridFile =
        each == null || cl.hasOption("out")
            ? Flags.path(cl, "out", Path.of("generated.png"))
            : null;
    if (gridFile != null
        && !gridFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new UsageException("--out must name a .png file, got " + gridFile);
    }
    try (var model = DcganModel.load(Path.of(cl.getOptionValue("model")), Flags.loadOptions(cl))) {
      GridCanvas grid =
          gridFile == null ? null : blankGrid(model, count, columns, MemoryBudget.ofThisJvm());
      int first = 0;
      for (var batch : model.generateInBatches(count, seed, BATCH)) {
        if (grid != null)
          for (int i = 0; i < batch.count(); i++) grid.put(first + i, batch.image(i));
        if (each != null) batch.writeEach(each, "image", first, count);
        first += batch.count();
      }
      String shape = model.height() + "x" + model.width() + "x" + model.channels();
      if (grid != null) {
        ImageGrid.writePngAtomically(grid.image(), gridFile);
        out.printf("%d images of %s from %s -> %s%n", count, shape, model.directory(), gridFile);
      }
      if (each != null) {
        out.printf("%d PNGs of %s from %s -> %s%n", count, shape, model.directory(), each);
      }
    }
    return 0;
  }

  /**
   * A black grid for {@code count} images, or, before anything is drawn, a usage error with the
   * figures when it cannot fit in memory.
   */
  static GridCanvas blankGrid(DcganModel model, int count, int columns, MemoryBudget memory)
      throws UsageException {
    int gap = ImageGrid.DEFAULT_GAP;
    var size = GridCanvas.size(count, model.width(), model.height(), columns, gap);
    // The raster (a byte a pixel for gray, an int for RGB), and the encoded PNG, which is held
    // in memory until it is moved into place: at most about as large.
    long rasterBytes = model.channels() == 1 ? 1 : 4;
    try {
      memory.require(
          String.format(
              Locale.ROOT,
              "--count %d as one grid: %d images of %dx%dx%d in %dx%d pixels",
              count,
              count,
              model.height(),
              model.width(),
              model.channels(),
              size.width(),
              size.height()),
          size.pixels(),
          2 * rasterBytes,
          1,
          "write them one PNG each with --each DIR and no --out, or lower --count");
    } catch (MemoryLimitException e) {
      throw new UsageException(e.getMessage());
    }
    return new GridCanvas(
        count, model.width(), model.height(), ImageGrid.imageType(model.channels()), columns, gap);
  }
}
