package dev.dcgan.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of photos: PNG, JPEG, BMP and GIF files found recursively, center-cropped to squares and
 * resized to {@code --image-size}. Files in a first-level sub-folder get that folder's class label
 * (folders sorted by name). Unreadable files are skipped and counted, and the first few are named,
 * so one corrupt file does not end a long run.
 *
 * <p>Everything is decoded once, in parallel, into uint8 in memory; training then never touches the
 * disk. The split is ignored: a folder is one set of images.
 */
final class FolderLoader implements DatasetLoader {
  static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
  static final int NAMED_SKIPS = 5;

  @Override
  public ImageDataset load(Path dir, Split split, LoadOptions options) throws IOException {
    if (!Files.exists(dir))
      throw new NoSuchFileException(dir.toString(), null, "no such file or folder");
    if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder of images");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    var candidates = files.stream().filter(FolderLoader::hasImageExtension).toList();
    int notImages = files.size() - candidates.size();
    if (candidates.isEmpty()) {
      throw new IOException(
          dir
              + ": no images (PNG, JPEG, BMP, GIF) found"
              + (files.isEmpty() ? "; the folder is empty" : " among " + files.size() + " files"));
    }
    int size = options.sizeOrDefault();
    if (options.limit() > 0 && candidates.size() > options.limit())
      candidates = candidates.subList(0, options.limit());

    // Decode in parallel; order (and so labels and shuffling) stays that of the sorted paths.
    var decoded = new BufferedImage[candidates.size()];
    var skipped = new AtomicInteger();
    var skippedNames = java.util.Collections.synchronizedList(new ArrayList<String>());
    List<Path> finalCandidates = candidates;
    IntStream.range(0, candidates.size())
        .parallel()
        .forEach(
            i -> {
              Path f = finalCandidates.get(i);
              try {
                BufferedImage image = ImageIO.read(f.toFile());
                if (image == null) throw new IOException("not a readable image");
                decoded[i] = Images.centerCropResize(image, size);
              } catch (IOException | RuntimeException e) {
                skipped.incrementAndGet();
                skippedNames.add(dir.relativize(f).toString());
              }
            });
    var kept = new ArrayList<Integer>();
    for (int i = 0; i < decoded.length; i++) if (decoded[i] != null) kept.add(i);
    var names = new ArrayList<>(skippedNames);
    names.sort(null);
    if (kept.isEmpty()) {
      throw new IOException(
          dir
              + ": none of the "
              + candidates.size()
              + " image files could be read (first: "
              + String.join(", ", names.subList(0, Math.min(NAMED_SKIPS, names.size())))
              + ")");
    }

    int channels = options.channels();
    if (channels == 0) channels = kept.stream().anyMatch(i -> Images.isColour(decoded[i])) ? 3 : 1;
    DataSets.checkFits(dir.toString(), kept.size(), size, size, channels);

    Map<String, Integer> classes = classes(dir, kept.stream().map(candidates::get).toList());
    int bytesPerImage = size * size * channels;
    var pixels = new byte[kept.size() * bytesPerImage];
    int[] labels = classes.isEmpty() ? null : new int[kept.size()];
    for (int n = 0; n < kept.size(); n++) {
      int i = kept.get(n);
      Images.toBytes(decoded[i], channels, pixels, n * bytesPerImage);
      if (labels != null) labels[n] = classes.get(classOf(dir, candidates.get(i)));
    }
    var notes = new ArrayList<String>();
    if (notImages > 0)
      notes.add("skipped " + notImages + " file(s) that are not PNG, JPEG, BMP or GIF");
    if (skipped.get() > 0) {
      notes.add(
          "skipped "
              + skipped.get()
              + " unreadable image file(s): "
              + String.join(", ", names.subList(0, Math.min(NAMED_SKIPS, names.size())))
              + (names.size() > NAMED_SKIPS ? ", ..." : ""));
    }
    return new ImageDataset(
        DataSets.nameOf(dir), kept.size(), size, size, channels, pixels, labels, notes);
  }

  static boolean hasImageExtension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Class index per first-level sub-folder, sorted by name; empty if any image lies directly in
   * dir.
   */
  private static Map<String, Integer> classes(Path dir, List<Path> images) {
    var names = new TreeMap<String, Integer>();
    for (Path p : images) {
      String c = classOf(dir, p);
      if (c == null) return Map.of();
      names.put(c, 0);
    }
    int i = 0;
    for (var e : names.entrySet()) e.setValue(i++);
    return names;
  }

  private static String classOf(Path dir, Path file) {
    Path rel = dir.relativize(file);
    return rel.getNameCount() > 1 ? rel.getName(0).toString() : null;
  }
}
