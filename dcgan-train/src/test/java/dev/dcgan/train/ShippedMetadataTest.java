package dev.dcgan.train;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The metadata the project ships (assets.extra/*.json of every shipped model) names paths relative
 * to the project, or none: never a folder of the machine a model was made or evaluated on.
 */
class ShippedMetadataTest {
  /**
   * Debian's dataset-fashion-mnist installs here on every machine: the Fashion-MNIST classifier
   * names its data by it, as docs/data.md's install line does.
   */
  static final String SYSTEM_DATA = "/usr/share/datasets/";

  /** Every string in a JSON tree, with its JSON path. */
  static void strings(String at, JsonElement e, List<String[]> into) {
    if (e.isJsonObject()) {
      e.getAsJsonObject()
          .entrySet()
          .forEach(x -> strings(at + "." + x.getKey(), x.getValue(), into));
    } else if (e.isJsonArray()) {
      var a = e.getAsJsonArray();
      for (int i = 0; i < a.size(); i++) strings(at + "[" + i + "]", a.get(i), into);
    } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      into.add(new String[] {at, e.getAsString()});
    }
  }

  /** Whether a value names a path of some machine: absolute, or a home folder. */
  static boolean machinePath(String value) {
    String v = value.trim();
    if (v.startsWith(SYSTEM_DATA)) return false;
    return v.startsWith("/") || v.startsWith("~") || v.matches("^[A-Za-z]:[\\\\/].*");
  }

  @Test
  void theCheckTellsAMachinePathFromAProjectOne() {
    assertTrue(machinePath("/work/eval/models/info20 (at export)"));
    assertTrue(machinePath("~/photos"));
    assertTrue(machinePath("C:\\Users\\me\\models"));
    assertFalse(machinePath("models/dcgan-mnist (at export)"));
    assertFalse(machinePath("data/mnist"));
    assertFalse(machinePath("/usr/share/datasets/fashion-mnist"));
  }

  @Test
  void shippedMetadataNamesNoMachinePath() throws IOException {
    var offending = new ArrayList<String>();
    int files = 0;
    for (Path base : ShippedModels.bases()) {
      try (Stream<Path> walk = Files.walk(base)) {
        for (Path json :
            walk.filter(p -> p.getParent().getFileName().toString().equals("assets.extra"))
                .filter(p -> p.toString().endsWith(".json"))
                .toList()) {
          files++;
          var found = new ArrayList<String[]>();
          strings("$", JsonParser.parseString(Files.readString(json)), found);
          for (String[] s : found) {
            if (machinePath(s[1])) offending.add(json + " " + s[0] + " = " + s[1]);
          }
        }
      }
    }
    assertTrue(files >= 6, "metadata files read: " + files);
    assertEquals(List.of(), offending);
  }
}
