package dev.dcgan.train.cli;

import dev.dcgan.train.data.emoji.EmojiDataset;
import dev.dcgan.train.data.emoji.NpmPack;
import dev.dcgan.train.data.emoji.PackageSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code dcgan data emoji}: gets a data set that is not in the repository. */
final class DataCommand implements Command {
  static final String DEFAULT_OUT = "data/emoji";

  private final PackageSource packages;

  DataCommand() {
    this(new NpmPack());
  }

  /** With another source of the npm tarballs (tests: local files, no network). */
  DataCommand(PackageSource packages) {
    this.packages = packages;
  }

  @Override
  public String name() {
    return "data";
  }

  @Override
  public String summary() {
    return "get a data set: 'data emoji' writes 7,562 emoji (Noto, Twemoji; 64x64, 9 category"
        + " folders) with npm";
  }

  @Override
  public boolean takesArguments() {
    return true;
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Flags.value(
                "out", "DIR", "where to write it (default " + DEFAULT_OUT + "); must not exist"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    var args = cl.getArgList();
    if (args.size() != 1 || !args.get(0).equals("emoji"))
      throw new UsageException(
          args.isEmpty()
              ? "name the data set: emoji"
              : "unknown data set '" + String.join(" ", args) + "': the one there is is emoji");
    Path target = Flags.path(cl, "out", Path.of(DEFAULT_OUT));
    var summary =
        EmojiDataset.build(
            target,
            packages,
            EmojiDataset.VENDORS,
            line -> {
              out.println(line);
              out.flush();
            });
    out.printf(
        Locale.ROOT,
        "wrote %d emoji images (RGBA PNG, 64x64) in %d category folders to %s%n",
        summary.images(),
        summary.imagesPerCategory().size(),
        summary.folder());
    summary.imagesPerCategory().forEach((c, n) -> out.printf(Locale.ROOT, "  %-20s %5d%n", c, n));
    out.println(
        "licences and attribution: "
            + summary.folder().resolve(EmojiDataset.LICENSES).resolve("ATTRIBUTION.md"));
    return 0;
  }
}
