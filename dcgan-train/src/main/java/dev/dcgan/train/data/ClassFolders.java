package dev.dcgan.train.data;

import java.util.List;
import java.util.Locale;

/**
 * The sub-folder of a class in a folder data set that {@code generate --each DIR --per-class N}
 * writes: {@code <index>-<safe name>}, e.g. {@code 00-t-shirt_top} and {@code 07-sneaker}. The
 * index, zero-padded to one width, comes first so that the folders sort by name (as {@link
 * FolderLoader} numbers them) in label order: the folder data set's label i is the model's class i.
 * Letters, digits, '-' and '_' of the class name are kept and every other character becomes '_', so
 * "t-shirt/top" makes no nested folder and no name is special to a file system ("..", a trailing
 * dot or space).
 */
public final class ClassFolders {
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
}
