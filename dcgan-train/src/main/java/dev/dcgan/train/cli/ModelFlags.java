package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.ModelLoadException;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code --model} and {@code --allow-unsafe-ops}, which every command that draws from an exported
 * generator takes, and loading the model they name.
 */
final class ModelFlags {
  private ModelFlags() {}

  /** A command's option table, starting with {@code --model DIR} and {@code --allow-unsafe-ops}. */
  static Options options() {
    return new Options()
        .addOption(
            Flags.required(
                "model", "DIR", "model version folder, or base folder (highest version)"))
        .addOption(Flags.allowUnsafeOps());
  }

  /** The folder {@code --model} names, as given (a version folder or a base folder). */
  static Path modelDir(CommandLine cl) {
    return Path.of(cl.getOptionValue("model"));
  }

  /** The model {@code --model} names, with the load options {@code --allow-unsafe-ops} asks for. */
  static DcganModel load(CommandLine cl) throws ModelLoadException {
    return DcganModel.load(modelDir(cl), Flags.loadOptions(cl));
  }
}
