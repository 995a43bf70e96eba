package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.SavedModelContract;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.tensorflow.SavedModelBundle;

/** {@code dcgan inspect}: what saved_model_cli show prints, plus the model's metadata. */
final class InspectCommand implements Command {
  @Override
  public String name() {
    return "inspect";
  }

  @Override
  public String summary() {
    return "show a SavedModel's signatures, shapes and metadata";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Flags.required(
                "model", "DIR", "model version folder, or base folder (highest version)"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    Path dir;
    String metadata;
    // DcganModel resolves the version folder and checks the contract; the bundle shows everything.
    try (var model = DcganModel.load(Path.of(cl.getOptionValue("model")))) {
      dir = model.directory();
      metadata = model.metadata().map(m -> m.toJson()).orElse("(none)");
    }
    out.println("model: " + dir);
    try (var bundle = SavedModelBundle.load(dir.toString(), SavedModelContract.TAG)) {
      out.println("tags: " + bundle.metaGraphDef().getMetaInfoDef().getTagsList());
      bundle
          .metaGraphDef()
          .getSignatureDefMap()
          .forEach(
              (key, sig) -> {
                out.println("signature '" + key + "' (method " + sig.getMethodName() + ")");
                sig.getInputsMap()
                    .forEach((n, t) -> out.println("  input  " + n + ": " + describe(t)));
                sig.getOutputsMap()
                    .forEach((n, t) -> out.println("  output " + n + ": " + describe(t)));
              });
    }
    out.println(
        "metadata ("
            + SavedModelContract.ASSETS_EXTRA
            + "/"
            + SavedModelContract.METADATA_FILE
            + "):");
    out.println(metadata);
    return 0;
  }

  private static String describe(org.tensorflow.proto.TensorInfo t) {
    var dims =
        t.getTensorShape().getDimList().stream().map(d -> Long.toString(d.getSize())).toList();
    return t.getDtype().name().replace("DT_", "").toLowerCase(java.util.Locale.ROOT)
        + " "
        + dims
        + " ("
        + t.getName()
        + ")";
  }
}
