package dev.dcgan.inference;

import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SavedModel;

/**
 * Reads a version folder's {@code saved_model.pb} as a protocol buffer, without TensorFlow's
 * loader: nothing in it runs, so it is safe to read from a model nobody has checked yet.
 */
public final class SavedModelFile {
  private SavedModelFile() {}

  /**
   * @param version a SavedModel version folder, as {@link ModelFolders#resolveVersion} finds it
   * @return the parsed file: its MetaGraphs, their graphs, function libraries and signatures
   * @throws ModelLoadException if the file cannot be read or is not a SavedModel
   */
  public static SavedModel read(Path version) throws ModelLoadException {
    Path file = version.resolve(ModelFolders.SAVED_MODEL_FILE);
    byte[] bytes;
    try { // a regular file, no link followed, bounded: a pipe would block, a device never end
      bytes = ModelFiles.readRegular(file, PrivateModelCopy.MAX_FILE_BYTES);
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(bytes, file);
  }

  /**
   * Parses the bytes of a {@code saved_model.pb}.
   *
   * @param file where they came from, for the message
   */
  static SavedModel parse(byte[] bytes, Path file) throws ModelLoadException {
    try {
      return SavedModel.parseFrom(bytes);
    } catch (IOException e) { // InvalidProtocolBufferException: a truncated or foreign file
      throw new ModelLoadException(
          "Cannot read "
              + file
              + " as a SavedModel ("
              + e.getMessage()
              + "); export the model again or check the path",
          e);
    }
  }

  /**
   * Whether any node of the model's graphs computes in bfloat16 (an export with {@code --precision
   * bf16}: Casts around its convolutions and products); its signatures may still be float32.
   */
  public static boolean computesInBfloat16(SavedModel model) {
    return model.getMetaGraphsList().stream()
        .flatMap(m -> m.getGraphDef().getNodeList().stream())
        .flatMap(n -> n.getAttrMap().values().stream())
        .anyMatch(a -> a.getType() == DataType.DT_BFLOAT16);
  }

  /**
   * A string from the file (a node, op or signature name) fit to print: its author chose it, and
   * control characters in it could drive the terminal.
   */
  public static String printable(String s) {
    return s.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
