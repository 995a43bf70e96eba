package dev.dcgan.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A folder of photos: PNG, JPEG, BMP and GIF files found recursively, center-cropped to squares and
 * resized to {@code --image-size}. Files in a first-level sub-folder get that folder's class label
 * (folders sorted by name), named by the folder or by {@link ClassFolders#MANIFEST}. Unreadable
 * files, and files whose header claims more than {@code --max-image-pixels}, are skipped and
 * counted, and the first few are named, so one corrupt file or one panorama does not end a long
 * run.
 *
 * <p>A first-level folder {@value #LICENSES} holds a data set's licences and attribution (as {@code
 * dcgan data emoji} writes them) and is not read.
 *
 * <p>Everything is decoded once, in parallel, straight into the uint8 array that training reads;
 * training then never touches the disk. The split is ignored: a folder is one set of images.
 */
final class FolderLoader implements DatasetLoader {
  static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
  static final int NAMED_SKIPS = 5;
  static final String LICENSES = "LICENSES";

  @Override
  public Pending open(Path dir, Split split, LoadOptions options) throws IOException {
    if (!Files.exists(dir))
      throw new NoSuchFileException(dir.toString(), null, "no such file or folder");
    if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder of images");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      // The class manifest that generate --per-class writes is read below, not counted as skipped.
      Path manifest = dir.resolve(ClassFolders.MANIFEST);
      Path licences = dir.resolve(LICENSES);
      files =
          walk.filter(Files::isRegularFile)
              .filter(f -> !f.equals(manifest) && !f.startsWith(licences))
              .sorted()
              .toList();
    }
    var candidates = files.stream().filter(FolderLoader::hasImageExtension).toList();
    int notImages = files.size() - candidates.size();
    if (candidates.isEmpty()) {
      throw new IOException(
          dir
              + ": no images (PNG, JPEG, BMP, GIF) found"
              + (files.isEmpty() ? "; the folder is empty" : " among " + files.size() + " files"));
    }
    if (options.limit() > 0 && candidates.size() > options.limit())
      candidates = candidates.subList(0, options.limit());
    int size = options.sizeOrDefault();
    // Decoded as RGB unless told otherwise: whether any image has colour is known only after.
    int decodedChannels = options.channels() > 0 ? options.channels() : 3;
    List<Path> images = candidates;
    return new Pending(
        dir.toString(),
        images.size(),
        size,
        size,
        decodedChannels,
        () -> read(dir, images, notImages, size, decodedChannels, options));
  }

  private static ImageDataset read(
      Path dir,
      List<Path> candidates,
      int notImages,
      int size,
      int decodedChannels,
      LoadOptions options)
      throws IOException {
    int decodedBytes = size * size * decodedChannels;
    var pixels = new byte[candidates.size() * decodedBytes];
    var decoded = new boolean[candidates.size()];
    var colour = new boolean[candidates.size()];
    var unreadable = new ConcurrentSkipListSet<String>();
    var tooLarge = new ConcurrentSkipListSet<String>();
    // Decode in parallel; order (and so labels and shuffling) stays that of the sorted paths.
    IntStream.range(0, candidates.size())
        .parallel()
        .forEach(
            i -> {
              Path f = candidates.get(i);
              String name = dir.relativize(f).toString();
              try {
                var image =
                    Images.centerCropResize(
                        Images.read(f, options.maxImagePixels()), size, options.background());
                colour[i] = options.channels() == 0 && Images.isColour(image);
                Images.toBytes(image, decodedChannels, pixels, i * decodedBytes);
                decoded[i] = true;
              } catch (Images.TooManyPixels e) {
                tooLarge.add(name + " (" + e.width + "x" + e.height + ")");
              } catch (IOException | RuntimeException e) {
                unreadable.add(name);
              }
            });
    var skipped = skipNotes(notImages, unreadable, tooLarge, options.maxImagePixels());
    var kept = new ArrayList<Integer>();
    for (int i = 0; i < candidates.size(); i++) if (decoded[i]) kept.add(i);
    if (kept.isEmpty()) {
      throw new IOException(
          dir
              + ": none of the "
              + candidates.size()
              + " image files could be read ("
              + String.join("; ", skipped)
              + ")");
    }

    boolean anyColour = kept.stream().anyMatch(i -> colour[i]);
    int channels = options.channels() > 0 ? options.channels() : anyColour ? 3 : 1;
    moveToFront(pixels, kept, size * size, decodedChannels, channels);
    var keptFiles = kept.stream().map(candidates::get).toList();
    Map<String, Integer> classes = classes(dir, keptFiles);
    int[] labels = null;
    if (!classes.isEmpty()) {
      labels = new int[kept.size()];
      for (int n = 0; n < kept.size(); n++) labels[n] = classes.get(classOf(dir, keptFiles.get(n)));
    }
    int length = kept.size() * size * size * channels;
    return new ImageDataset(
        DataSets.nameOf(dir),
        kept.size(),
        size,
        size,
        channels,
        length == pixels.length ? pixels : Arrays.copyOf(pixels, length),
        labels,
        skipped,
        labels == null ? null : ClassFolders.names(dir, List.copyOf(classes.keySet())));
  }

  /** What was skipped and why, for the run's notes. */
  private static List<String> skipNotes(
      int notImages, Set<String> unreadable, Set<String> tooLarge, long maxPixels) {
    var notes = new ArrayList<String>();
    if (notImages > 0)
      notes.add("skipped " + notImages + " file(s) that are not PNG, JPEG, BMP or GIF");
    if (!unreadable.isEmpty())
      notes.add("skipped " + unreadable.size() + " unreadable image file(s): " + first(unreadable));
    if (!tooLarge.isEmpty()) {
      notes.add(
          "skipped "
              + tooLarge.size()
              + " image file(s) of more than "
              + maxPixels
              + " pixels, undecoded (raise --max-image-pixels to read them): "
              + first(tooLarge));
    }
    return notes;
  }

  /**
   * Moves the kept images to the front of {@code pixels}, converted from {@code from} channels to
   * {@code to} (3 to 1 is luma). In place: no write passes a byte still to be read, since images
   * only move forward and never grow.
   */
  private static void moveToFront(
      byte[] pixels, List<Integer> kept, int imagePixels, int from, int to) {
    for (int n = 0; n < kept.size(); n++) {
      int source = kept.get(n) * imagePixels * from;
      int target = n * imagePixels * to;
      if (from == to) {
        System.arraycopy(pixels, source, pixels, target, imagePixels * to);
        continue;
      }
      for (int p = 0; p < imagePixels; p++) {
        int r = pixels[source + 3 * p] & 0xff;
        int g = pixels[source + 3 * p + 1] & 0xff;
        int b = pixels[source + 3 * p + 2] & 0xff;
        pixels[target + p] = (byte) Images.luma(r, g, b);
      }
    }
  }

  /** The first few names, sorted. */
  private static String first(Set<String> names) {
    return String.join(", ", names.stream().limit(NAMED_SKIPS).toList())
        + (names.size() > NAMED_SKIPS ? ", ..." : "");
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
