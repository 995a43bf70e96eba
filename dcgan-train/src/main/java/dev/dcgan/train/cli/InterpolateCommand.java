package dev.dcgan.train.cli;

import dev.dcgan.inference.AnimatedGif;
import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.ImageGrid;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.inference.Latents;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code dcgan interpolate}: the images along a path in latent space from one seed's z to another's
 * (the first image {@code generate --seed A} draws to the first of {@code --seed B}), straight or
 * spherical, as a strip PNG or a looping GIF.
 */
final class InterpolateCommand implements Command {
  /** A GIF frame's time on screen. */
  static final int FRAME_MILLIS = 120;

  @Override
  public String name() {
    return "interpolate";
  }

  @Override
  public String summary() {
    return "images along a path in latent space between two seeds, as a strip PNG or a GIF";
  }

  @Override
  public Options options() {
    return ModelFlags.options()
        .addOption(Flags.required("from-seed", "A", "seed of the first z"))
        .addOption(Flags.required("to-seed", "B", "seed of the last z"))
        .addOption(Flags.value("steps", "N", "images on the path, both ends included (default 8)"))
        .addOption(
            Flags.flag(
                "slerp",
                "spherical interpolation, which keeps z's norm (default: a straight line)"))
        .addOption(
            Flags.value(
                "class", "C", "class-conditional models: the class of every image (default 0)"))
        .addOption(
            Flags.value(
                "out",
                "FILE",
                "strip.png (one row) or anim.gif (looping, there and back); default"
                    + " interpolation.png"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    long from = Flags.longValue(cl, "from-seed", 0);
    long to = Flags.longValue(cl, "to-seed", 0);
    int steps = Flags.intValue(cl, "steps", 8, 2);
    Path file = Flags.path(cl, "out", Path.of("interpolation.png"));
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean gif = name.endsWith(".gif");
    if (!gif && !name.endsWith(".png"))
      throw new UsageException("--out must name a .png (a strip) or a .gif, got " + file);
    boolean slerp = cl.hasOption("slerp");
    try (var model = ModelFlags.load(cl)) {
      if (cl.hasOption("class") && !model.conditional())
        throw new UsageException(
            "--class: model " + model.directory() + " is not class-conditional");
      float[] a = model.sampleLatent(1, from)[0];
      float[] b = model.sampleLatent(1, to)[0];
      float[][] path = slerp ? LatentNoise.slerp(a, b, steps) : Latents.lerp(a, b, steps);
      var images =
          model.conditional()
              ? model.generate(path, filled(steps, classOf(model, cl)))
              : model.generate(path);
      List<BufferedImage> frames = new ArrayList<>();
      for (int i = 0; i < steps; i++) frames.add(images.image(i));
      if (gif) {
        List<BufferedImage> loop = new ArrayList<>(frames);
        for (int i = steps - 2; i > 0; i--) loop.add(frames.get(i)); // back again
        AnimatedGif.write(loop, FRAME_MILLIS, file);
      } else {
        ImageGrid.writePngAtomically(ImageGrid.tile(frames, steps, ImageGrid.DEFAULT_GAP), file);
      }
      out.printf(
          "%d images from seed %d to seed %d (%s) from %s -> %s%n",
          steps, from, to, slerp ? "slerp" : "lerp", model.directory(), file);
    }
    return 0;
  }

  private static int classOf(DcganModel model, CommandLine cl) {
    if (!cl.hasOption("class")) return 0;
    int label = GenerateCommand.label(model, cl.getOptionValue("class"));
    if (label == DcganModel.RANDOM_CLASS)
      throw new dev.dcgan.train.ConfigurationException(
          "--class: interpolate draws one class along the path; name one");
    return label;
  }

  private static int[] filled(int n, int label) {
    int[] labels = new int[n];
    Arrays.fill(labels, label);
    return labels;
  }
}
