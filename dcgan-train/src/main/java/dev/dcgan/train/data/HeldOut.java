package dev.dcgan.train.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A data set's training and test images. IDX and CIFAR-10 come split; a folder of images does not,
 * so a fixed tenth of each class (seeded, the same on every machine) is held out as its test
 * images: what the evaluation classifier is tested on, and what the memorisation check measures
 * "new" against. The generator still trains on the whole folder.
 *
 * @param heldOut true if the test images were taken from a folder's one set (they are then also
 *     among the images a GAN trained on the folder has seen)
 */
public record HeldOut(ImageDataset train, ImageDataset test, boolean heldOut) {
  /** The share of each class of a folder held out for testing. */
  public static final double FRACTION = 0.1;

  /** Fixes which images are held out. */
  public static final long SEED = 0;

  /** The data set's two splits, a folder's held out as above; default load options. */
  public static HeldOut load(Path path) throws IOException {
    return load(path, LoadOptions.DEFAULT);
  }

  public static HeldOut load(Path path, LoadOptions options) throws IOException {
    if (DataFormat.detect(path) != DataFormat.FOLDER)
      return new HeldOut(
          DataSets.load(path, null, Split.TRAIN, options),
          DataSets.load(path, null, Split.TEST, options),
          false);
    return split(DataSets.load(path, null, Split.TRAIN, options));
  }

  /**
   * Holds out {@value #FRACTION} of each class (at least one image of any class with two or more;
   * of an unlabelled set, of all); the rest, in their original order, is the training part.
   */
  public static HeldOut split(ImageDataset all) {
    int[] testIdx = testIndices(all);
    var test = new boolean[all.count()];
    for (int i : testIdx) test[i] = true;
    var trainIdx = new int[all.count() - testIdx.length];
    for (int i = 0, a = 0; i < all.count(); i++) if (!test[i]) trainIdx[a++] = i;
    return new HeldOut(all.select(trainIdx), all.select(testIdx), true);
  }

  /** The indices of the images {@link #split} holds out, ascending. */
  public static int[] testIndices(ImageDataset all) {
    var random = new Random(SEED);
    int classes = all.labels() == null ? 1 : Arrays.stream(all.labels()).max().orElse(0) + 1;
    var byClass = new ArrayList<List<Integer>>();
    for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
    for (int i = 0; i < all.count(); i++)
      byClass.get(all.labels() == null ? 0 : all.labels()[i]).add(i);
    var test = new boolean[all.count()];
    for (var members : byClass) {
      if (members.size() < 2) continue;
      Collections.shuffle(members, random);
      int n = Math.max(1, (int) Math.round(members.size() * FRACTION));
      for (int k = 0; k < n; k++) test[members.get(k)] = true;
    }
    int testCount = 0;
    for (boolean t : test) if (t) testCount++;
    if (testCount == 0)
      throw new IllegalArgumentException(
          all.name() + ": too few images to hold any out for testing (" + all.count() + ")");
    var testIdx = new int[testCount];
    for (int i = 0, b = 0; i < all.count(); i++) if (test[i]) testIdx[b++] = i;
    return testIdx;
  }
}
