package dev.dcgan.train.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
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
    String text = Files.readString(file);
    try {
      T value = GSON.fromJson(text, type);
      if (value == null) throw new IOException(file + ": empty");
      return value;
    } catch (JsonParseException | IllegalArgumentException e) {
      throw new IOException(
          file + ": not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
  }
}
