package dev.dcgan.train.cli;

import static dev.dcgan.inference.SavedModelFile.printable;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.ModelFolders;
import dev.dcgan.inference.ModelLoadException;
import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.inference.OpAllowList;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.inference.SavedModelFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * {@code dcgan inspect}: what {@code saved_model_cli show} prints, for any SavedModel, read from
 * {@code saved_model.pb} without running it; then the op check's verdict and whether the model is a
 * DCGAN generator, which takes loading it (and running one image, within a time limit); with {@code
 * --no-run}, the metadata from the files instead.
 */
final class InspectCommand implements Command {
  /** The line above the metadata, naming the file it comes from. */
  private static final String METADATA_HEADING =
      "metadata ("
          + SavedModelContract.ASSETS_EXTRA
          + "/"
          + SavedModelContract.METADATA_FILE
          + "):";

  @Override
  public String name() {
    return "inspect";
  }

  @Override
  public String summary() {
    return "show any SavedModel's signatures and ops, and whether it is a DCGAN generator";
  }

  @Override
  public Options options() {
    return ModelFlags.options()
        .addOption(
            Flags.flag(
                "no-run",
                "describe the model from its files only: TensorFlow does not load or run it"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    Path version = ModelFolders.resolveVersion(ModelFlags.modelDir(cl));
    SavedModel savedModel = SavedModelFile.read(version);
    out.println("model: " + version);
    for (MetaGraphDef metaGraph : savedModel.getMetaGraphsList()) {
      out.println("tags: " + printable(metaGraph.getMetaInfoDef().getTagsList().toString()));
      new TreeMap<>(metaGraph.getSignatureDefMap())
          .forEach((key, s) -> printSignature(key, s, out));
    }
    var verdict = OpAllowList.check(savedModel);
    out.println(
        "ops ("
            + verdict.opTypes().size()
            + " types, "
            + (verdict.passed() ? "all on the allow-list" : "some refused")
            + "): "
            + printable(String.join(", ", verdict.opTypes())));
    if (!verdict.passed()) out.println("refused: " + printable(verdict.describeRefused()));
    out.println(
        SavedModelFile.computesInBfloat16(savedModel)
            ? "precision: bf16 (convolutions and matmuls in bfloat16 inside; the signatures say"
                + " what goes in and out)"
            : "precision: fp32");
    if (cl.hasOption("no-run")) {
      describeWithoutRunning(version, out);
      return 0;
    }
    var options = Flags.loadOptions(cl);
    if (!verdict.passed() && !options.unsafeOpsAllowed()) throw verdict.refusal(version);
    // Only now may TensorFlow load it: DcganModel's own checks decide what a generator is.
    try (var model = DcganModel.load(version, options)) {
      out.printf(
          "DCGAN generator: yes, z of %d -> %dx%dx%d images%s%n",
          model.latentSize(),
          model.height(),
          model.width(),
          model.channels(),
          model.hasGenerateSignature()
              ? ", and the '" + SavedModelContract.GENERATE + "' signature"
              : "");
      out.println(classes(model));
      out.println(METADATA_HEADING);
      out.println(model.metadata().map(m -> m.toJson()).orElse("(none)"));
    } catch (ModelLoadException e) {
      out.println("DCGAN generator: no; " + printable(e.getMessage()));
    }
    return 0;
  }

  /**
   * The metadata as the files state it, for a model nobody should run: loading a SavedModel runs
   * its init ops, and telling a generator takes running one image.
   */
  private static void describeWithoutRunning(Path version, PrintStream out) {
    out.println("DCGAN generator: not checked (--no-run: TensorFlow neither loaded nor ran it)");
    out.println(METADATA_HEADING);
    Path file =
        version.resolve(SavedModelContract.ASSETS_EXTRA).resolve(SavedModelContract.METADATA_FILE);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      out.println("(none)");
      return;
    }
    try {
      out.println(printable(ModelMetadata.read(version).toJson()));
    } catch (IOException | RuntimeException e) {
      out.println("(unreadable: " + printable(String.valueOf(e.getMessage())) + ")");
    }
  }

  /** "class-conditional: no", or "class-conditional: yes, 10 classes: 0=zero, 1=one, ...". */
  static String classes(DcganModel model) {
    if (!model.conditional()) return "class-conditional: no";
    var names = model.classNames();
    var listed = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) listed.append(", ");
      listed.append(i).append('=').append(printable(names.get(i)));
    }
    return "class-conditional: yes, "
        + names.size()
        + " classes (generate --class NAME or INDEX): "
        + listed;
  }

  private static void printSignature(String key, SignatureDef s, PrintStream out) {
    out.println("signature '" + printable(key) + "' (method " + printable(s.getMethodName()) + ")");
    new TreeMap<>(s.getInputsMap())
        .forEach((n, t) -> out.println("  input  " + printable(n) + ": " + describe(t)));
    new TreeMap<>(s.getOutputsMap())
        .forEach((n, t) -> out.println("  output " + printable(n) + ": " + describe(t)));
  }

  /**
   * "float [-1, 100] (z:0)": dtype, shape (-1 unknown) and graph tensor, as saved_model_cli shows.
   */
  private static String describe(TensorInfo t) {
    var shape = t.getTensorShape();
    String dims =
        shape.getUnknownRank()
            ? "(unknown rank)"
            : shape.getDimList().stream().map(d -> Long.toString(d.getSize())).toList().toString();
    String dtype = t.getDtype().name().replace("DT_", "").toLowerCase(Locale.ROOT);
    return dtype + " " + dims + " (" + printable(t.getName()) + ")";
  }
}
