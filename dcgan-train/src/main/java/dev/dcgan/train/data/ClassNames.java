package dev.dcgan.train.data;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The names of a labelled data set's classes, index i for label i: what a conditional model's
 * metadata lists. Folders name their own (the class sub-folders); MNIST, Fashion-MNIST and CIFAR-10
 * have the names their authors gave, lower-case.
 */
public final class ClassNames {
  private ClassNames() {}

  public static final List<String> MNIST =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  public static final List<String> FASHION_MNIST =
      List.of(
          "t-shirt/top",
          "trouser",
          "pullover",
          "dress",
          "coat",
          "sandal",
          "shirt",
          "sneaker",
          "bag",
          "ankle boot");

  public static final List<String> CIFAR10 =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /**
   * The names for a data set called {@code dataset} ({@link DataSets#nameOf}) with these labels:
   * Fashion-MNIST's or CIFAR-10's if the name says so, else the labels' numbers "0", "1", ... up to
   * the largest label (MNIST's digits among them); null without labels.
   */
  public static List<String> of(String dataset, int[] labels) {
    if (labels == null) return null;
    int classes = IntStream.of(labels).max().orElse(0) + 1;
    String name = dataset == null ? "" : dataset.toLowerCase(Locale.ROOT);
    if (name.contains("fashion") && classes <= FASHION_MNIST.size()) return FASHION_MNIST;
    if (name.startsWith("cifar10") && classes <= CIFAR10.size()) return CIFAR10;
    if (name.contains("mnist") && classes <= MNIST.size()) return MNIST;
    return numbered(classes);
  }

  /** "0", "1", ... "n-1": the names of classes known only by number. */
  public static List<String> numbered(int n) {
    return IntStream.range(0, n).mapToObj(Integer::toString).toList();
  }
}
