package dev.dcgan.train.data;

import dev.dcgan.train.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sub-folder of a class in a folder data set that {@code generate --each DIR --per-class N}
 * writes: {@code <index>-<safe name>}, e.g. {@code 00-t-shirt_top} and {@code 07-sneaker}. The
 * index, zero-padded to one width, comes first so that the folders sort by name (as {@link
 * FolderLoader} numbers them) in label order: the folder data set's label i is the model's class i.
 * Letters, digits, '-' and '_' of the class name are kept and every other character becomes '_', so
 * "t-shirt/top" makes no nested folder and no name is special to a file system ("..", a trailing
 * dot or space).
 *
 * <p>The class names themselves go into {@value #MANIFEST} beside the folders, so the round trip is
 * exact: {@link FolderLoader} names each class folder listed there by its class name
 * ("t-shirt/top", not "00-t-shirt_top"), and any other folder by its own name.
 */
public final class ClassFolders {
  /** The file beside the class folders that names their classes. */
  public static final String MANIFEST = "classes.json";

  /**
   * What {@value #MANIFEST} holds.
   *
   * @param classes the class names, index i for label i and folder {@code of(i, classes)}
   */
  public record Manifest(List<String> classes) {}

  /** Characters of the name kept at most: folder names stay well within file-system limits. */
  static final int MAX_NAME = 64;

  private ClassFolders() {}

  /**
   * @param index the class index
   * @param names every class name, index i for label i
   * @return the folder name of class {@code index}
   */
  public static String of(int index, List<String> names) {
    if (index < 0 || index >= names.size()) {
      throw new IllegalArgumentException("class " + index + " is not in 0.." + (names.size() - 1));
    }
    int digits = Math.max(2, String.valueOf(names.size() - 1).length());
    return String.format(Locale.ROOT, "%0" + digits + "d-%s", index, safe(names.get(index)));
  }

  /**
   * The name with only letters, digits, '-' and '_', the rest as '_'; at most {@value #MAX_NAME}.
   */
  static String safe(String name) {
    var b = new StringBuilder();
    name.strip()
        .codePoints()
        .limit(MAX_NAME)
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '-' || c == '_') b.appendCodePoint(c);
              else b.append('_');
            });
    return b.toString();
  }

  /** Writes {@value #MANIFEST} into {@code dir}, naming the classes of {@link #of} folders. */
  public static void writeManifest(Path dir, List<String> names) throws IOException {
    Json.write(dir.resolve(MANIFEST), new Manifest(names));
  }

  /**
   * The class name of each folder: from {@code dir}'s {@value #MANIFEST} for the folders it lists,
   * else the folder's own name.
   *
   * @param folders first-level class folders, in label order
   * @throws IOException if the manifest is damaged, or names a class twice or not at all
   */
  public static List<String> names(Path dir, List<String> folders) throws IOException {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) return folders;
    String remedy = "delete it, and the classes are named by their folders";
    var manifest = Json.read(file, Manifest.class, remedy);
    List<String> classes = manifest.classes() == null ? List.of() : manifest.classes();
    Map<String, String> byFolder = new HashMap<>();
    var seen = new HashSet<String>();
    for (int i = 0; i < classes.size(); i++) {
      String name = classes.get(i);
      if (name == null || name.isBlank() || !seen.add(name.strip().toLowerCase(Locale.ROOT))) {
        throw new IOException(
            file + ": class " + i + " is unnamed or named as another class; " + remedy);
      }
      byFolder.put(of(i, classes), name);
    }
    var names = new ArrayList<String>(folders.size());
    for (String folder : folders) names.add(byFolder.getOrDefault(folder, folder));
    return List.copyOf(names);
  }
}
