package dev.dcgan.train.util;

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

  /** As {@link #read(Path, Class, String)}, for files the user can only replace. */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    return read(file, type, "replace it with a good copy");
  }

  /**
   * Reads a JSON file. An empty or damaged one is an IOException of one sentence naming the file,
   * what is wrong and {@code remedy}: what the user can do about it.
   */
  public static <T> T read(Path file, Class<T> type, String remedy) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new IOException(file + " is not UTF-8 text; " + remedy, e);
    }
    String problem;
    Exception cause;
    try {
      T value = GSON.fromJson(text, type);
      if (value != null) return value;
      problem = "is empty";
      cause = null;
    } catch (JsonParseException e) {
      problem = "is cut short or not valid JSON (" + innermostMessage(e) + ")";
      cause = e;
    } catch (IllegalArgumentException e) {
      problem = "holds an invalid " + type.getSimpleName() + " (" + e.getMessage() + ")";
      cause = e;
    } catch (RuntimeException e) {
      // Gson wraps what a record's constructor throws for a value out of range (epochs 0, say) in
      // a plain RuntimeException; the cause says which value.
      if (!(e.getCause() instanceof IllegalArgumentException invalid)) throw e;
      problem = "holds an invalid " + type.getSimpleName() + " (" + invalid.getMessage() + ")";
      cause = e;
    }
    throw new IOException(file + " " + problem + "; " + remedy, cause);
  }

  /** Gson wraps the parser's own words in exception names and a link: keep the words. */
  private static String innermostMessage(Throwable e) {
    while (e.getCause() != null && e.getCause().getMessage() != null) e = e.getCause();
    String m = e.getMessage() == null ? "" : e.getMessage().strip();
    m = m.replaceFirst("^[\\w.]+(Exception|Error): ", "");
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
  }
}
