package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.inference.GridCanvas;
import dev.dcgan.inference.ImageGrid;
import dev.dcgan.inference.Latents;
import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.data.ClassFolders;
import dev.dcgan.train.data.MemoryBudget;
import dev.dcgan.train.data.MemoryLimitException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code dcgan generate}: images from an exported model, as a grid or one PNG each. Images are
 * drawn in batches, so one PNG each needs one batch's memory at any count; a grid that cannot fit
 * in memory is refused before anything is drawn. A class-conditional model draws the class that
 * {@code --class} names (random classes without it), a grid of every class with {@code --class
 * all}, or a folder data set of every class with {@code --each DIR --per-class N}.
 */
final class GenerateCommand implements Command {
  /** Images drawn at a time: DcganModel's own run size, so batches give what one call gives. */
  static final int BATCH = 256;

  /** Rows of {@code --class all} at most: one per class, the first ten, as the training grid. */
  static final int GRID_CLASSES = 10;

  /** Images per row of {@code --class all} unless {@code --columns} says otherwise. */
  static final int GRID_COLUMNS = 8;

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
    return ModelFlags.options()
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
        .addOption(
            Flags.value(
                "class",
                "C",
                "class-conditional models: the class of every image, a name (case ignored) or an"
                    + " index; 'random' or -1 for classes drawn uniformly (the default); 'all' for"
                    + " a grid of one row per class (the first 10), the same z in each row, --columns"
                    + " images a row (default 8)"))
        .addOption(
            Flags.value(
                "per-class",
                "N",
                "class-conditional models, with --each DIR: N images of every class, one"
                    + " sub-folder per class named <index>-<name> (e.g. 07-sneaker) and"
                    + " classes.json naming them, which --data reads back with the same labels and"
                    + " class names"))
        .addOption(
            Flags.value(
                "truncation",
                "PSI",
                "the truncation trick: every component of z beyond ±PSI drawn again (seeded), for"
                    + " more typical, less varied images; PSI > 0 (about 3 and up changes nothing)"))
        .addOption(
            Flags.value(
                "code",
                "C",
                "models with a latent code (metadata extra.latent_code K): draw code C in every"
                    + " image, 0..K-1 (the largest of z's first K entries swapped into place C)"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    if (cl.hasOption("truncation") || cl.hasOption("code")) return steered(cl, out);
    if (cl.hasOption("per-class")) return writeDataSet(cl, out);
    String classFlag = cl.getOptionValue("class");
    if ("all".equalsIgnoreCase(classFlag == null ? null : classFlag.strip())) {
      return drawEveryClass(cl, out);
    }
    var draw = Draw.of(cl);
    int count = draw.count();
    try (var model = ModelFlags.load(cl)) {
      Integer label = classFlag == null ? null : label(model, classFlag);
      GridCanvas grid = draw.blankGrid(model);
      int first = 0;
      var batches =
          label == null
              ? model.generateInBatches(count, draw.seed(), BATCH)
              : model.generateInBatches(count, draw.seed(), label, BATCH);
      for (var batch : batches) {
        draw.keep(grid, first, batch);
        first += batch.count();
      }
      draw.finish(model, grid, shape(model) + describeClass(model, label), out);
    }
    return 0;
  }

  /** ψ of --truncation, or null; a usage error unless it is a positive number. */
  static Double truncation(CommandLine cl) throws UsageException {
    if (!cl.hasOption("truncation")) return null;
    float psi = Flags.floatValue(cl, "truncation", 1, 0, Float.POSITIVE_INFINITY);
    return (double) psi;
  }

  /**
   * {@code --truncation} and {@code --code}: z drawn here ({@link Latents}), then generated in
   * batches, as a grid and/or one PNG each. The classes of a conditional model are {@code --class}
   * or, without it, those {@code generate(count, seed)} draws.
   */
  private static int steered(CommandLine cl, PrintStream out) throws Exception {
    for (String flag : new String[] {"per-class"}) {
      if (cl.hasOption(flag))
        throw new UsageException("--truncation and --code draw one grid or --each; drop --" + flag);
    }
    String classFlag = cl.getOptionValue("class");
    if ("all".equalsIgnoreCase(classFlag == null ? null : classFlag.strip()))
      throw new UsageException("--truncation and --code take one --class, not 'all'");
    Double psi = truncation(cl);
    Integer code = cl.hasOption("code") ? Flags.intValue(cl, "code", 0, 0) : null;
    var draw = Draw.of(cl);
    int count = draw.count();
    long seed = draw.seed();
    try (var model = ModelFlags.load(cl)) {
      Integer label = classFlag == null ? null : label(model, classFlag);
      float[][] z = steeredLatents(model, count, seed, psi, code);
      int[] labels = null;
      if (model.conditional()) {
        labels =
            label == null || label == DcganModel.RANDOM_CLASS
                ? Latents.randomLabels(count, model.classNames().size(), seed)
                : filled(count, label);
      }
      GridCanvas grid = draw.blankGrid(model);
      for (int first = 0; first < count; first += BATCH) {
        int n = Math.min(BATCH, count - first);
        float[][] rows = java.util.Arrays.copyOfRange(z, first, first + n);
        var batch =
            labels == null
                ? model.generate(rows)
                : model.generate(rows, java.util.Arrays.copyOfRange(labels, first, first + n));
        draw.keep(grid, first, batch);
      }
      String what =
          shape(model)
              + describeClass(model, label)
              + (psi == null ? "" : ", truncation ψ " + psi.floatValue())
              + (code == null ? "" : ", code " + code);
      draw.finish(model, grid, what, out);
    }
    return 0;
  }

  /**
   * What a grid and/or one-PNG-each draw asks for: {@code count} images from {@code seed}, a grid
   * of {@code columns} into {@code gridFile} (null: none), one PNG each into {@code each} (null:
   * none).
   */
  private record Draw(int count, long seed, int columns, Path each, Path gridFile) {
    static Draw of(CommandLine cl) throws UsageException {
      int count = Flags.intValue(cl, "count", 64, 1);
      long seed = Flags.longValue(cl, "seed", 0);
      int columns = Flags.intValue(cl, "columns", (int) Math.ceil(Math.sqrt(count)), 1);
      Path each = Flags.path(cl, "each", null);
      // With --each alone the files are what was asked for; a grid is drawn when named or by
      // default.
      Path gridFile = each == null || cl.hasOption("out") ? GenerateCommand.gridFile(cl) : null;
      return new Draw(count, seed, columns, each, gridFile);
    }

    /** The grid to fill, or null when none is drawn; refused before drawing if it cannot fit. */
    GridCanvas blankGrid(DcganModel model) throws UsageException {
      return gridFile == null
          ? null
          : GenerateCommand.blankGrid(model, count, columns, MemoryBudget.ofThisJvm());
    }

    /** A batch whose first image is image {@code first}: into the grid and/or its own PNGs. */
    void keep(GridCanvas grid, int first, GeneratedImages batch) throws IOException {
      if (grid != null) for (int i = 0; i < batch.count(); i++) grid.put(first + i, batch.image(i));
      if (each != null) batch.writeEach(each, "image", first, count);
    }

    /** Writes the grid and says what went where; {@code what} describes the images. */
    void finish(DcganModel model, GridCanvas grid, String what, PrintStream out)
        throws IOException {
      if (grid != null) {
        ImageGrid.writePngAtomically(grid.image(), gridFile);
        out.printf("%d images of %s from %s -> %s%n", count, what, model.directory(), gridFile);
      }
      if (each != null) {
        out.printf("%d PNGs of %s from %s -> %s%n", count, what, model.directory(), each);
      }
    }
  }

  /**
   * z for {@code count} images from {@code seed}: truncated at ψ (null: not), set to a latent code
   * (null: not); a code the model has not is a configuration error naming its codes.
   */
  static float[][] steeredLatents(
      DcganModel model, int count, long seed, Double psi, Integer code) {
    float[][] z =
        psi == null
            ? model.sampleLatent(count, seed)
            : Latents.truncated(count, model.latentSize(), seed, psi);
    if (code == null) return z;
    int k = Latents.latentCodeSize(model);
    try {
      return Latents.withCode(z, k, code);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--code " + code + ": " + e.getMessage());
    }
  }

  private static int[] filled(int count, int label) {
    int[] labels = new int[count];
    java.util.Arrays.fill(labels, label);
    return labels;
  }

  /**
   * {@code --class all}: one row per class (the first {@value #GRID_CLASSES}), each row the same
   * {@code --columns} z, as the per-epoch grid of a conditional training run.
   */
  private static int drawEveryClass(CommandLine cl, PrintStream out) throws Exception {
    for (String flag : new String[] {"count", "each"}) {
      if (cl.hasOption(flag)) {
        throw new UsageException(
            "--class all draws one grid of --columns images (default "
                + GRID_COLUMNS
                + ") per class; drop --"
                + flag
                + (flag.equals("each")
                    ? " (one PNG per image of every class: --each DIR --per-class N)"
                    : ""));
      }
    }
    long seed = Flags.longValue(cl, "seed", 0);
    int columns = Flags.intValue(cl, "columns", GRID_COLUMNS, 1);
    Path gridFile = gridFile(cl);
    try (var model = ModelFlags.load(cl)) {
      requireConditional(model, "--class all");
      int rows = Math.min(model.classNames().size(), GRID_CLASSES);
      GridCanvas grid =
          blankGrid(
              model,
              rows * columns,
              columns,
              MemoryBudget.ofThisJvm(),
              "--class all with --columns " + columns + " as one grid of " + rows + " rows",
              "lower --columns");
      for (int row = 0; row < rows; row++) {
        // generate(columns, seed, row) draws sampleLatent(columns, seed) as class row: same z.
        int first = row * columns;
        for (var batch : model.generateInBatches(columns, seed, row, BATCH)) {
          for (int i = 0; i < batch.count(); i++) grid.put(first + i, batch.image(i));
          first += batch.count();
        }
      }
      ImageGrid.writePngAtomically(grid.image(), gridFile);
      out.printf(
          "%d rows of %d images of %s, one row per class (0..%d of %d), from %s -> %s%n",
          rows,
          columns,
          shape(model),
          rows - 1,
          model.classNames().size(),
          model.directory(),
          gridFile);
    }
    return 0;
  }

  /**
   * {@code --each DIR --per-class N}: a folder data set, N images of every class in the class's
   * sub-folder ({@link ClassFolders}), batch by batch, and the class names in {@link
   * ClassFolders#MANIFEST}. Class k's images are {@code generate(N, seed, k)}: the same N z drawn
   * as every class.
   */
  private static int writeDataSet(CommandLine cl, PrintStream out) throws Exception {
    int perClass = Flags.intValue(cl, "per-class", 1, 1);
    Path each = Flags.path(cl, "each", null);
    if (each == null) {
      throw new UsageException(
          "--per-class N writes N images of every class into the class folders of --each DIR;"
              + " give --each DIR");
    }
    for (String flag : new String[] {"count", "class", "out", "columns"}) {
      if (cl.hasOption(flag)) {
        throw new UsageException(
            "--per-class N draws N images of every class, one PNG each; drop --" + flag);
      }
    }
    requireEmptyFolder(each);
    long seed = Flags.longValue(cl, "seed", 0);
    try (var model = ModelFlags.load(cl)) {
      requireConditional(model, "--per-class");
      var names = model.classNames();
      for (int k = 0; k < names.size(); k++) {
        Path folder = each.resolve(ClassFolders.of(k, names));
        int first = 0;
        for (var batch : model.generateInBatches(perClass, seed, k, BATCH)) {
          batch.writeEach(folder, "image", first, perClass);
          first += batch.count();
        }
      }
      // Last: a folder cut short by a failure names its classes by their folders.
      ClassFolders.writeManifest(each, names);
      out.printf(
          "%d PNGs of %s for each of %d classes from %s -> %s/%s ... %s%n",
          perClass,
          shape(model),
          names.size(),
          model.directory(),
          each,
          ClassFolders.of(0, names),
          ClassFolders.of(names.size() - 1, names));
    }
    return 0;
  }

  /**
   * A data set's folder must hold its class folders alone: the folder loader reads every sub-folder
   * as a class, so leftovers would shift the labels.
   */
  private static void requireEmptyFolder(Path dir) throws UsageException, IOException {
    if (!Files.isDirectory(dir)) return;
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new UsageException(
            "--each "
                + dir
                + " is not empty; with --per-class it must be a new or empty folder, since --data"
                + " reads every sub-folder of it as a class");
      }
    }
  }

  private static Path gridFile(CommandLine cl) throws UsageException {
    Path file = Flags.path(cl, "out", Path.of("generated.png"));
    if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new UsageException("--out must name a .png file, got " + file);
    }
    return file;
  }

  /**
   * The label {@code --class} names: {@link DcganModel#RANDOM_CLASS} for "random" or -1, else a
   * class name or index.
   */
  static int label(DcganModel model, String value) {
    requireConditional(model, "--class");
    String v = value.strip();
    if (v.equalsIgnoreCase("random") || v.equals("-1")) return DcganModel.RANDOM_CLASS;
    try {
      return model.classOf(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "--class " + value + ": " + e.getMessage() + "; or 'random' (-1), or 'all'");
    }
  }

  private static void requireConditional(DcganModel model, String flag) {
    if (!model.conditional()) {
      throw new ConfigurationException(
          flag
              + ": model "
              + model.directory()
              + " is not class-conditional (it was trained without --conditional); drop "
              + flag);
    }
  }

  private static String shape(DcganModel model) {
    return model.height() + "x" + model.width() + "x" + model.channels();
  }

  /** ", class 7 (sneaker)" or ", random classes"; nothing for an unconditional model. */
  private static String describeClass(DcganModel model, Integer label) {
    if (!model.conditional()) return "";
    if (label == null || label == DcganModel.RANDOM_CLASS) return ", random classes";
    return ", class " + label + " (" + model.classNames().get(label) + ")";
  }

  /**
   * A black grid for {@code count} images, or, before anything is drawn, a usage error with the
   * figures when it cannot fit in memory.
   */
  static GridCanvas blankGrid(DcganModel model, int count, int columns, MemoryBudget memory)
      throws UsageException {
    return blankGrid(
        model,
        count,
        columns,
        memory,
        "--count " + count + " as one grid",
        "write them one PNG each with --each DIR and no --out, or lower --count");
  }

  /**
   * As {@link #blankGrid(DcganModel, int, int, MemoryBudget)}, naming the flags that asked for the
   * grid and what to change: {@code --class all} takes no --count.
   */
  static GridCanvas blankGrid(
      DcganModel model, int count, int columns, MemoryBudget memory, String asked, String advice)
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
              "%s: %d images of %dx%dx%d in %dx%d pixels",
              asked,
              count,
              model.height(),
              model.width(),
              model.channels(),
              size.width(),
              size.height()),
          size.pixels(),
          2 * rasterBytes,
          1,
          advice);
    } catch (MemoryLimitException e) {
      throw new UsageException(e.getMessage());
    }
    return new GridCanvas(
        count, model.width(), model.height(), ImageGrid.imageType(model.channels()), columns, gap);
  }
}
