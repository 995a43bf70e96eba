package dev.dcgan.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The models the project ships: those {@code serving/models.config} lists. Tests check these, never
 * whatever else is under {@code models/}: {@code ./dcgan train} exports a user's own models there,
 * and they must not break the project's tests.
 */
public final class ShippedModels {
  private ShippedModels() {}

  /**
   * The shipped MNIST generator's version folder, pinned: a user's export adds versions beside it.
   */
  public static Path dcganMnist() {
    return TestData.root().resolve("models/dcgan-mnist/3");
  }

  /** The shipped MNIST classifier's version folder, pinned as serving/models.config pins it. */
  public static Path classifierMnist() {
    return TestData.root().resolve("models/classifier-mnist/1");
  }

  /** The model names {@code serving/models.config} lists, in its order. */
  public static List<String> names(Path projectRoot) throws IOException {
    String text = Files.readString(projectRoot.resolve("serving").resolve("models.config"));
    var names = new ArrayList<String>();
    var m = Pattern.compile("config\\s*\\{\\s*name:\\s*\"([^\"]+)\"").matcher(text);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  /** The base folders {@code models/<name>} of the shipped models of the project at a root. */
  public static List<Path> bases(Path projectRoot) throws IOException {
    return names(projectRoot).stream()
        .map(name -> projectRoot.resolve("models").resolve(name))
        .toList();
  }

  /** The base folders of this project's shipped models. */
  public static List<Path> bases() throws IOException {
    return bases(TestData.root());
  }
}
