package dev.dcgan.train.data.emoji;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.dcgan.train.data.ClassFolders;
import dev.dcgan.train.util.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The emoji data set: the 64x64 PNGs of Google's Noto Emoji and of Twemoji, from the npm packages
 * {@code emoji-datasource-google} and {@code emoji-datasource-twitter} (iamcal's emoji-data), as a
 * class-folder data set with one folder per {@code emoji.json} category (9; {@code Component}, the
 * bare skin-tone swatches, is left out), skin-tone variants included: 7,562 images at 16.0.0.
 *
 * <p>The PNGs are copied as they are, RGBA: the folder loader composites them over the background a
 * run asks for (white by default), so another background needs no new download.
 *
 * <p>The packages are pinned by version and SHA-256. The data set is written into a temporary
 * sibling folder and renamed into place at the end: a failed download, a damaged tarball or a full
 * disk leaves no half-written data set.
 */
public final class EmojiDataset {
  /** One npm package of emoji images. */
  public record Vendor(
      String name, String version, String sha256, String imageFolder, String licence) {
    String prefix() {
      return "package/img/" + imageFolder + "/64/";
    }
  }

  public static final String VERSION = "16.0.0";

  public static final List<Vendor> VENDORS =
      List.of(
          new Vendor(
              "emoji-datasource-google",
              VERSION,
              "fb5fd131b362aab7a55542d2a147a79708cce0a8b1c1bbacd470172708b5c438",
              "google",
              "Noto Emoji by Google: Apache License 2.0"
                  + " (https://www.apache.org/licenses/LICENSE-2.0)"),
          new Vendor(
              "emoji-datasource-twitter",
              VERSION,
              "f64a530c63bca463bd8317fdc4615ce63a53a0c65018e4ce2d848aaba7a28877",
              "twitter",
              "Twemoji by Twitter, Inc and other contributors: CC-BY 4.0"
                  + " (https://creativecommons.org/licenses/by/4.0/)"));

  /** The category of the skin-tone swatches alone, which is not a picture class. */
  static final String LEFT_OUT = "Component";

  /** The folder of licences and attribution in the data set (the loader reads no images there). */
  public static final String LICENSES = "LICENSES";

  /** What was written: images per category, in label order. */
  public record Summary(Path folder, Map<String, Integer> imagesPerCategory) {
    public int images() {
      return imagesPerCategory.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private EmojiDataset() {}

  /**
   * Downloads (through {@code source}), checks and writes the data set to {@code out}, which must
   * not exist or be an empty folder.
   */
  public static Summary build(
      Path out, PackageSource source, List<Vendor> vendors, Consumer<String> progress)
      throws IOException {
    out = out.toAbsolutePath().normalize();
    if (Files.exists(out) && !isEmptyFolder(out))
      throw new IOException(
          out + " already exists and is not empty: delete it to get the emoji again");
    Path parent = out.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, ".tmp-" + out.getFileName() + "-");
    Path downloads = Files.createTempDirectory("dcgan-npm-");
    try {
      var categories = new TreeMap<Integer, String>(); // sort order -> name
      var images = new ArrayList<Image>();
      var licences = new LinkedHashMap<Vendor, byte[]>();
      for (Vendor v : vendors) {
        progress.accept("getting " + v.name() + "@" + v.version() + " with npm pack");
        Path tarball = source.fetch(v.name(), v.version(), downloads);
        checkSha256(tarball, v);
        var pkg = Package.read(tarball, v);
        licences.put(v, pkg.licence);
        images.addAll(pkg.images(categories));
      }
      List<String> classes = List.copyOf(invert(categories).keySet());
      var counts = new LinkedHashMap<String, Integer>();
      classes.forEach(c -> counts.put(c, 0));
      for (Image image : images) {
        Path folder = staging.resolve(ClassFolders.of(classes.indexOf(image.category), classes));
        Files.createDirectories(folder);
        Files.write(folder.resolve(image.fileName), image.png);
        counts.merge(image.category, 1, Integer::sum);
      }
      ClassFolders.writeManifest(staging, classes);
      writeLicences(staging.resolve(LICENSES), licences);
      if (Files.exists(out)) Files.delete(out); // the empty folder the rename replaces
      AtomicFiles.move(staging, out);
      return new Summary(out, counts);
    } finally {
      AtomicFiles.deleteTree(staging);
      AtomicFiles.deleteTree(downloads);
    }
  }

  private static Map<String, Integer> invert(TreeMap<Integer, String> bySortOrder) {
    var first = new LinkedHashMap<String, Integer>();
    bySortOrder.forEach((order, name) -> first.putIfAbsent(name, order));
    return first;
  }

  private static boolean isEmptyFolder(Path p) throws IOException {
    if (!Files.isDirectory(p)) return false;
    try (var s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }

  /** A damaged or substituted download is refused before anything is read from it. */
  static void checkSha256(Path tarball, Vendor v) throws IOException {
    String actual = sha256(tarball);
    if (!actual.equals(v.sha256()))
      throw new IOException(
          "the download of "
              + v.name()
              + "@"
              + v.version()
              + " is damaged or not the pinned package: its SHA-256 is "
              + actual
              + ", expected "
              + v.sha256()
              + "; nothing was written");
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      var digest = MessageDigest.getInstance("SHA-256");
      var buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private record Image(String category, String fileName, byte[] png) {}

  /** The parts of one package's tarball this needs. */
  private static final class Package {
    final Vendor vendor;
    final Map<String, byte[]> pngs = new HashMap<>();
    byte[] emojiJson;
    byte[] licence;

    private Package(Vendor vendor) {
      this.vendor = vendor;
    }

    static Package read(Path tarball, Vendor v) throws IOException {
      var pkg = new Package(v);
      try (var tar =
          new TarArchiveInputStream(
              new GzipCompressorInputStream(
                  new BufferedInputStream(Files.newInputStream(tarball))))) {
        for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          if (!entry.isFile()) continue;
          String name = entry.getName();
          if (name.equals("package/emoji.json")) pkg.emojiJson = tar.readAllBytes();
          else if (name.equals("package/LICENSE")) pkg.licence = tar.readAllBytes();
          else if (name.startsWith(v.prefix()) && name.endsWith(".png"))
            pkg.pngs.put(name.substring(v.prefix().length()), tar.readAllBytes());
        }
      } catch (IOException | RuntimeException e) {
        throw new IOException(tarball + " is not a readable npm package: " + e.getMessage(), e);
      }
      if (pkg.emojiJson == null)
        throw new IOException(
            tarball + " has no package/emoji.json: not an emoji-datasource package");
      if (pkg.licence == null) pkg.licence = new byte[0];
      return pkg;
    }

    /**
     * Every image of the package with its category (skin-tone variants too), as emoji.json lists
     * them; records each category's first sort order into {@code categories}.
     */
    List<Image> images(Map<Integer, String> categories) throws IOException {
      var list = new ArrayList<Image>();
      JsonElement root;
      try {
        root = JsonParser.parseString(new String(emojiJson, StandardCharsets.UTF_8));
      } catch (JsonParseException e) {
        throw new IOException(vendor.name() + ": emoji.json cannot be parsed: " + e.getMessage());
      }
      String hasImage = "has_img_" + vendor.imageFolder();
      int missing = 0;
      for (JsonElement element : root.getAsJsonArray()) {
        JsonObject emoji = element.getAsJsonObject();
        String category = emoji.get("category").getAsString();
        if (category.equals(LEFT_OUT)) continue;
        categories.putIfAbsent(emoji.get("sort_order").getAsInt(), category);
        var files = new ArrayList<String>();
        if (flag(emoji, hasImage)) files.add(emoji.get("image").getAsString());
        if (emoji.has("skin_variations") && emoji.get("skin_variations").isJsonObject()) {
          for (var variation : emoji.getAsJsonObject("skin_variations").entrySet()) {
            JsonObject v = variation.getValue().getAsJsonObject();
            if (flag(v, hasImage)) files.add(v.get("image").getAsString());
          }
        }
        for (String file : files) {
          byte[] png = pngs.get(file);
          if (png == null) {
            missing++;
            continue;
          }
          list.add(new Image(category, vendor.imageFolder() + "-" + file, png));
        }
      }
      if (missing > 0)
        throw new IOException(
            vendor.name()
                + ": "
                + missing
                + " images that emoji.json lists are not in the package");
      return list;
    }

    private static boolean flag(JsonObject o, String name) {
      return o.has(name) && o.get(name).isJsonPrimitive() && o.get(name).getAsBoolean();
    }
  }

  private static void writeLicences(Path folder, Map<Vendor, byte[]> licences) throws IOException {
    Files.createDirectories(folder);
    var text = new StringBuilder();
    text.append("# The emoji data set: licences and attribution\n\n")
        .append("Made by `dcgan data emoji` from the npm packages below (iamcal's emoji-data).\n")
        .append("The images keep the licences of their artwork:\n\n");
    for (var e : licences.entrySet()) {
      Vendor v = e.getKey();
      text.append("- `")
          .append(v.name())
          .append("@")
          .append(v.version())
          .append("` (files `")
          .append(v.imageFolder())
          .append("-*.png`): ")
          .append(v.licence())
          .append(". SHA-256 of the package: ")
          .append(v.sha256())
          .append(".\n");
      if (e.getValue().length > 0)
        Files.write(folder.resolve(v.name() + "-LICENSE.txt"), e.getValue());
    }
    text.append(
        "\nThe packages' own LICENSE files (the emoji-data project's, for its data and"
            + " packaging) are copied beside this file. Twemoji's CC-BY 4.0 asks that pictures"
            + " made from it credit Twemoji and link the licence.\n");
    Files.writeString(folder.resolve("ATTRIBUTION.md"), text.toString());
  }
}
