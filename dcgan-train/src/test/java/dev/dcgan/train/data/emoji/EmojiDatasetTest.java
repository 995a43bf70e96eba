package dev.dcgan.train.data.emoji;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.data.DataSets;
import dev.dcgan.train.data.LoadOptions;
import dev.dcgan.train.data.Split;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emoji data set built from tiny tarballs laid out as the npm packages are; no network. */
class EmojiDatasetTest {
  /**
   * emoji.json as emoji-datasource has it: a smiley, a waving hand with two skin tones (the twitter
   * package lacks one), a flag, and a skin-tone swatch (Component, left out).
   */
  static final String EMOJI_JSON =
      """
      [
        {"image": "1f1e6-1f1e8.png", "category": "Flags", "sort_order": 900,
         "has_img_google": true, "has_img_twitter": true},
        {"image": "1f600.png", "category": "Smileys & Emotion", "sort_order": 1,
         "has_img_google": true, "has_img_twitter": true},
        {"image": "1f44b.png", "category": "People & Body", "sort_order": 150,
         "has_img_google": true, "has_img_twitter": true,
         "skin_variations": {
           "1F3FB": {"image": "1f44b-1f3fb.png", "has_img_google": true, "has_img_twitter": true},
           "1F3FF": {"image": "1f44b-1f3ff.png", "has_img_google": true, "has_img_twitter": false}
         }},
        {"image": "1f3fb.png", "category": "Component", "sort_order": 1500,
         "has_img_google": true, "has_img_twitter": true}
      ]
      """;

  static final List<String> IMAGES =
      List.of("1f1e6-1f1e8.png", "1f600.png", "1f44b.png", "1f44b-1f3fb.png", "1f44b-1f3ff.png");

  /** An 8x8 RGBA PNG: a coloured disc-ish square on transparency. */
  static byte[] png(int argb) throws IOException {
    var image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
    for (int y = 2; y < 6; y++) for (int x = 2; x < 6; x++) image.setRGB(x, y, argb);
    var bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }

  /** A .tgz with npm's layout: package/emoji.json, package/LICENSE, package/img/<v>/64/*.png. */
  static Path tarball(Path dir, String vendor, boolean withVariantImages) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
    files.put("package/LICENSE", ("licence of " + vendor).getBytes(StandardCharsets.UTF_8));
    files.put("package/emoji.json", EMOJI_JSON.getBytes(StandardCharsets.UTF_8));
    int colour = 0xFFFF0000;
    for (String image : IMAGES) {
      if (image.equals("1f44b-1f3ff.png") && (vendor.equals("twitter") || !withVariantImages))
        continue;
      files.put("package/img/" + vendor + "/64/" + image, png(colour));
      colour += 0x1020;
    }
    files.put("package/img/" + vendor + "/64/1f3fb.png", png(0xFF806040));
    files.put("package/img/" + vendor + "/sheets/64.png", png(0xFF000000));
    Path file = dir.resolve("emoji-datasource-" + vendor + "-16.0.0.tgz");
    try (var tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
      for (var e : files.entrySet()) {
        var entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  /** The two vendors, pinned to the fixture tarballs' checksums. */
  static List<EmojiDataset.Vendor> vendors(Path google, Path twitter) throws IOException {
    var pinned = new ArrayList<EmojiDataset.Vendor>();
    for (var v : EmojiDataset.VENDORS) {
      Path t = v.imageFolder().equals("google") ? google : twitter;
      pinned.add(
          new EmojiDataset.Vendor(
              v.name(), v.version(), EmojiDataset.sha256(t), v.imageFolder(), v.licence()));
    }
    return pinned;
  }

  /** Hands out the fixture tarballs as npm pack would: copied into the download folder. */
  static PackageSource localCopies(Path google, Path twitter) {
    return (name, version, folder) -> {
      Path from = name.endsWith("google") ? google : twitter;
      return Files.copy(from, folder.resolve(from.getFileName()));
    };
  }

  @Test
  void writesOneFolderPerCategoryWithTheSkinTonesAndTheLicences(@TempDir Path tmp)
      throws IOException {
    Path google = tarball(Files.createDirectories(tmp.resolve("fx")), "google", true);
    Path twitter = tarball(tmp.resolve("fx"), "twitter", true);
    Path out = tmp.resolve("data/emoji");
    var lines = new ArrayList<String>();
    var summary =
        EmojiDataset.build(out, localCopies(google, twitter), vendors(google, twitter), lines::add);

    // Categories in emoji.json's sort order; Component left out. Google: 1 + 1 + 3; Twitter: 1 + 1
    // + 2.
    assertEquals(
        List.of("Smileys & Emotion", "People & Body", "Flags"),
        List.copyOf(summary.imagesPerCategory().keySet()));
    assertEquals(List.of(2, 5, 2), List.copyOf(summary.imagesPerCategory().values()));
    assertEquals(9, summary.images());
    assertTrue(Files.isRegularFile(out.resolve("01-People___Body/google-1f44b-1f3ff.png")));
    assertFalse(Files.exists(out.resolve("01-People___Body/twitter-1f44b-1f3ff.png")));
    assertTrue(Files.readString(out.resolve("LICENSES/ATTRIBUTION.md")).contains("CC-BY 4.0"));
    assertTrue(Files.readString(out.resolve("LICENSES/ATTRIBUTION.md")).contains("Apache"));
    assertEquals(
        "licence of twitter",
        Files.readString(out.resolve("LICENSES/emoji-datasource-twitter-LICENSE.txt")));
    assertEquals(2, lines.size(), lines.toString());

    // The folder loader reads it as a labelled data set, transparency over white, no skip notes.
    var data = DataSets.load(out, null, Split.TRAIN, new LoadOptions(8, 0, 0, 0));
    assertEquals(9, data.count());
    assertEquals(3, data.channels());
    assertEquals(List.of("Smileys & Emotion", "People & Body", "Flags"), data.classNames());
    assertEquals(List.of(), data.notes());
    assertEquals(255, data.pixels()[0] & 0xff, "a transparent corner is white");
    assertNoTemporaries(tmp.resolve("data"));
  }

  @Test
  void aDamagedDownloadIsOneSentenceAndWritesNothing(@TempDir Path tmp) throws IOException {
    Path google = tarball(Files.createDirectories(tmp.resolve("fx")), "google", true);
    Path twitter = tarball(tmp.resolve("fx"), "twitter", true);
    var pinned = vendors(google, twitter);
    // Pinned, then one byte of the twitter tarball changes in transit.
    var bytes = Files.readAllBytes(twitter);
    bytes[bytes.length / 2] ^= 1;
    Files.write(twitter, bytes);
    Path out = tmp.resolve("data/emoji");
    var e =
        assertThrows(
            IOException.class,
            () -> EmojiDataset.build(out, localCopies(google, twitter), pinned, s -> {}));
    assertTrue(
        e.getMessage().contains("emoji-datasource-twitter@16.0.0 is damaged"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertFalse(Files.exists(out));
    assertNoTemporaries(tmp.resolve("data"));
  }

  @Test
  void aFailedDownloadLeavesNoFolder(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("data/emoji");
    PackageSource offline =
        (name, version, folder) -> {
          throw new IOException("npm pack " + name + "@" + version + " failed (exit 1): ENOTFOUND");
        };
    var e =
        assertThrows(
            IOException.class,
            () -> EmojiDataset.build(out, offline, EmojiDataset.VENDORS, s -> {}));
    assertTrue(e.getMessage().contains("ENOTFOUND"), e.getMessage());
    assertFalse(Files.exists(out));
    assertNoTemporaries(tmp.resolve("data"));
  }

  @Test
  void aPackageMissingListedImagesIsRefused(@TempDir Path tmp) throws IOException {
    Path google = tarball(Files.createDirectories(tmp.resolve("fx")), "google", false);
    Path twitter = tarball(tmp.resolve("fx"), "twitter", true);
    Path out = tmp.resolve("emoji");
    var e =
        assertThrows(
            IOException.class,
            () ->
                EmojiDataset.build(
                    out, localCopies(google, twitter), vendors(google, twitter), s -> {}));
    assertTrue(e.getMessage().contains("1 images that emoji.json lists"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void anExistingDataSetIsNotTouched(@TempDir Path tmp) throws IOException {
    Path out = Files.createDirectories(tmp.resolve("emoji"));
    Files.writeString(out.resolve("mine.txt"), "keep");
    var e =
        assertThrows(
            IOException.class,
            () ->
                EmojiDataset.build(
                    out,
                    (n, v, f) -> fail("nothing is downloaded"),
                    EmojiDataset.VENDORS,
                    s -> {}));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals("keep", Files.readString(out.resolve("mine.txt")));
  }

  @Test
  void aMissingNpmIsOneSentence(@TempDir Path tmp) {
    var e =
        assertThrows(
            IOException.class,
            () -> new NpmPack(tmp.resolve("no-npm-here").toString()).fetch("x", "1.0.0", tmp));
    assertTrue(e.getMessage().contains("is Node.js's npm installed"), e.getMessage());
  }

  @Test
  void npmsErrorLineIsTheOneQuoted(@TempDir Path tmp) throws IOException {
    Path log = tmp.resolve("npm.log");
    Files.writeString(
        log,
        "npm notice\nnpm error code ENOTFOUND\nnpm error network request failed\n\nlast line\n");
    assertEquals("npm error code ENOTFOUND", NpmPack.npmError(log));
  }

  static void assertNoTemporaries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (var s = Files.list(dir)) {
      var left = s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
      assertEquals(List.of(), left, "temporary folders left");
    }
  }
}
