package dev.dcgan.train.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON files of the run folder, read with a clear error and written atomically. */
public final class Json {
  private Json() {}

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  public static String toJson(Object o) {
    return GSON.toJson(o);
  }

  public static <T> T read(Path file, Class<T> type) throws IOException {
    String what = file + ": not a valid " + type.getSimpleName();
    String text;
    try {
      text = Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new IOException(what + ": not UTF-8 text", e);
    }
    try {
      T value = GSON.fromJson(text, type);
      if (value == null) throw new IOException(file + ": empty");
      return value;
    } catch (JsonParseException | IllegalArgumentException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Gson wraps what a record's constructor throws for a value out of range (epochs 0, say) in
      // a plain RuntimeException; the cause says which value.
      if (!(e.getCause() instanceof IllegalArgumentException cause)) throw e;
      throw new IOException(what + ": " + cause.getMessage(), e);
    }
  }

  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
  }
}
