package dev.dcgan.train.eval;

import dev.dcgan.train.data.BatchSampler;
import dev.dcgan.train.data.HeldOut;
import dev.dcgan.train.data.ImageDataset;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.export.SavedModels;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import dev.dcgan.train.util.AtomicFiles;
import dev.dcgan.train.util.Optimizers;
import dev.dcgan.train.util.OrderedAdam;
import dev.dcgan.train.util.SessionOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Trains a {@link ClassifierNet} on a labelled data set's training split (softmax cross-entropy,
 * Adam), then exports it as a SavedModel in TF Serving's layout with its accuracy on the test
 * split, measured on the exported model itself, in {@code assets.extra/classifier.json}.
 *
 * <pre>{@code
 * var result = ClassifierTrainer.train(Path.of("data/mnist"), ClassifierTrainer.Settings.DEFAULT,
 *     Path.of("models/classifier-mnist"), 0, summary -> System.out.println(summary));
 * }</pre>
 */
public final class ClassifierTrainer {
  private ClassifierTrainer() {}

  /**
   * @param epochs passes over the training split
   * @param batchSize images per update
   * @param learningRate Adam's learning rate (beta1 0.9, beta2 0.999)
   * @param fineTuneEpochs the last epochs run at a tenth of the learning rate (with an Adam of its
   *     own), which settles the weights where a constant rate keeps them bouncing
   * @param featureWidth width of the feature layer
   * @param seed fixes the initial weights, the data order and dropout
   * @param limit train on the first {@code limit} images only (0: all), for quick runs
   * @param session TensorFlow's threads
   */
  public record Settings(
      int epochs,
      int batchSize,
      float learningRate,
      int fineTuneEpochs,
      int featureWidth,
      long seed,
      int limit,
      SessionOptions session) {
    public static final Settings DEFAULT =
        new Settings(
            10, 128, 1e-3f, 3, ClassifierNet.DEFAULT_FEATURES, 42, 0, SessionOptions.DEFAULT);

    public Settings {
      if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
      if (batchSize < 1)
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      if (!(learningRate > 0f) || !Float.isFinite(learningRate)) {
        throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
      }
      if (fineTuneEpochs < 0 || fineTuneEpochs > epochs) {
        throw new IllegalArgumentException(
            "fine-tune epochs must be in [0, epochs], got " + fineTuneEpochs);
      }
      if (featureWidth < 1)
        throw new IllegalArgumentException("feature width must be >= 1, got " + featureWidth);
      if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
  }

  /** One line of progress. */
  public record EpochSummary(
      int epoch,
      int epochs,
      double loss,
      double trainAccuracy,
      double testAccuracy,
      double seconds) {
    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "epoch %d/%d  loss %.4f  train accuracy %.4f  test accuracy %.4f  %.1f s",
          epoch,
          epochs,
          loss,
          trainAccuracy,
          testAccuracy,
          seconds);
    }
  }

  /** The exported version folder and what its metadata says. */
  public record Trained(Path model, ClassifierMetadata metadata) {}

  /** The graph that trains: uint8 images and int labels in, one Adam step per run. */
  private static final class Graphs implements AutoCloseable {
    final Graph graph = new Graph();
    final Placeholder<TUint8> images;
    final Placeholder<TInt32> labels;
    final Placeholder<TInt64> stepKey;
    final Operand<TFloat32> loss;
    final Operand<TFloat32> correct;
    final Operand<TFloat32> inferLogits;
    final Op train;
    final Op fineTune;

    Graphs(ImageDataset data, int classes, Settings s) {
      Ops tf = Ops.create(graph);
      var vars = Variables.initialised(tf, ClassifierNet.NETWORK, s.seed());
      var net =
          new ClassifierNet(
              vars, data.height(), data.width(), data.channels(), classes, s.featureWidth());
      images =
          tf.withName("images")
              .placeholder(
                  TUint8.class,
                  Placeholder.shape(Shape.of(-1, data.height(), data.width(), data.channels())));
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      stepKey =
          tf.withName("step_key").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> x =
          tf.math.mul(tf.dtypes.cast(images, TFloat32.class), tf.constant(1f / 255f));
      var trainOut = net.forward(tf, x, Mode.TRAIN, new SeedStream(stepKey));
      // -log softmax(logits)[label], spelled with ops that have C++ gradients (the fused
      // SparseSoftmaxCrossEntropyWithLogits has none that the graph API can use).
      var oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
      var logLikelihood =
          tf.reduceSum(tf.math.mul(oneHot, tf.nn.logSoftmax(trainOut.logits())), tf.constant(1));
      loss = tf.math.neg(tf.math.mean(logLikelihood, tf.constant(0)));
      var hits =
          tf.math.equal(tf.math.argMax(trainOut.logits(), tf.constant(1), TInt32.class), labels);
      correct = tf.reduceSum(tf.dtypes.cast(hits, TFloat32.class), tf.constant(0));
      train =
          Optimizers.minimise(
              tf,
              new OrderedAdam(graph, "adam", s.learningRate()),
              loss,
              vars.trainable(),
              trainOut.updates(),
              "train");
      fineTune =
          Optimizers.minimise(
              tf,
              new OrderedAdam(graph, "adam_fine", s.learningRate() / 10),
              loss,
              vars.trainable(),
              trainOut.updates(),
              "fine_tune");
      inferLogits = net.forward(tf, x, Mode.INFER, null).logits();
    }

    @Override
    public void close() {
      graph.close();
    }
  }

  /**
   * Trains on {@code data}'s training split and exports to {@code modelBase/<version>/}.
   *
   * @param version the version folder to create, or 0 for the next free one
   */
  public static Trained train(
      Path data,
      Settings s,
      Path modelBase,
      long version,
      java.util.function.Consumer<EpochSummary> progress)
      throws IOException {
    // A folder of images comes unsplit: a fixed tenth of each class is its test split.
    var splits = HeldOut.load(data);
    ImageDataset train = splits.train();
    ImageDataset test = splits.test();
    if (train.labels() == null || test.labels() == null) {
      throw new IOException(
          data + ": a classifier needs labels, and this data set has no label files");
    }
    if (s.limit() > 0) train = train.first(s.limit());
    int classes =
        Math.max(
                Arrays.stream(train.labels()).max().orElse(0),
                Arrays.stream(test.labels()).max().orElse(0))
            + 1;
    try (var g = new Graphs(train, classes, s);
        Session session = s.session().newSession(g.graph)) {
      fit(session, g, train, test, s, progress);
      var trained = train;
      ClassifierMetadata[] meta = new ClassifierMetadata[1];
      Path written =
          SavedModels.publish(
              modelBase,
              version,
              dir -> {
                Path checkpoint = dir.resolve(".checkpoint");
                session.save(checkpoint.resolve("variables").toString());
                writeSavedModel(
                    checkpoint.resolve("variables").toString(),
                    trained,
                    classes,
                    s.featureWidth(),
                    dir);
                AtomicFiles.deleteTree(checkpoint);
                // The accuracy recorded is the exported model's own, on the whole test split.
                double accuracy;
                try (var model = ClassifierModel.load(dir)) {
                  accuracy = model.run(test).accuracy(test.labels());
                }
                meta[0] =
                    new ClassifierMetadata(
                        trained.name(),
                        data.toString(),
                        trained.height(),
                        trained.width(),
                        trained.channels(),
                        classes,
                        s.featureWidth(),
                        accuracy,
                        test.count(),
                        s.epochs(),
                        s.batchSize(),
                        s.learningRate(),
                        s.fineTuneEpochs(),
                        s.seed(),
                        Instant.now().toString(),
                        GeneratorExporter.projectVersion());
                meta[0].write(dir);
              });
      return new Trained(written, meta[0]);
    }
  }

  /**
   * Trains a classifier on {@code train} as {@link #train} does, without exporting it, and returns
   * its accuracy on {@code test}: the classification accuracy score protocol (train on one set,
   * test on the real test split).
   *
   * @param classes the classifier's outputs; labels of both sets lie in [0, classes)
   */
  public static double testAccuracy(
      ImageDataset train,
      ImageDataset test,
      int classes,
      Settings s,
      java.util.function.Consumer<EpochSummary> progress)
      throws IOException {
    if (train.labels() == null || test.labels() == null)
      throw new IllegalArgumentException("a classifier needs labelled training and test images");
    try (var g = new Graphs(train, classes, s);
        Session session = s.session().newSession(g.graph)) {
      return fit(session, g, train, test, s, progress);
    }
  }

  /**
   * The training loop: {@code s.epochs()} passes over {@code train}, the last ones fine-tuned.
   *
   * @return the accuracy on {@code test} after the last epoch
   */
  private static double fit(
      Session session,
      Graphs g,
      ImageDataset train,
      ImageDataset test,
      Settings s,
      java.util.function.Consumer<EpochSummary> progress)
      throws IOException {
    var sampler = new BatchSampler(train, s.batchSize(), s.seed());
    byte[] batchBytes = new byte[s.batchSize() * train.imageBytes()];
    int[] batchLabels = new int[s.batchSize()];
    long step = 0;
    double testAccuracy = Double.NaN;
    for (int epoch = 0; epoch < s.epochs(); epoch++) {
      long t0 = System.nanoTime();
      int[] order = sampler.order(epoch);
      double lossSum = 0;
      double right = 0;
      Op update = epoch >= s.epochs() - s.fineTuneEpochs() ? g.fineTune : g.train;
      for (int b = 0; b < sampler.batchesPerEpoch(); b++) {
        int n = sampler.fill(order, b, batchBytes);
        sampler.fillLabels(order, b, batchLabels);
        try (TUint8 x =
                TUint8.tensorOf(
                    Shape.of(n, train.height(), train.width(), train.channels()),
                    DataBuffers.of(batchBytes, true, false).narrow((long) n * train.imageBytes()));
            TInt32 y =
                TInt32.tensorOf(Shape.of(n), DataBuffers.of(batchLabels, true, false).narrow(n));
            TInt64 key = TInt64.scalarOf(s.seed() * 0x9E3779B97F4A7C15L + step);
            Result r =
                session
                    .runner()
                    .feed(g.images, x)
                    .feed(g.labels, y)
                    .feed(g.stepKey, key)
                    .addTarget(update)
                    .fetch(g.loss)
                    .fetch(g.correct)
                    .run()) {
          float loss = ((TFloat32) r.get(0)).getFloat();
          if (!Float.isFinite(loss))
            throw new IOException(
                "classifier training diverged at step " + (step + 1) + ": loss " + loss);
          lossSum += loss * n;
          right += ((TFloat32) r.get(1)).getFloat();
        }
        step++;
      }
      testAccuracy = accuracy(session, g, test);
      progress.accept(
          new EpochSummary(
              epoch + 1,
              s.epochs(),
              lossSum / train.count(),
              right / train.count(),
              testAccuracy,
              (System.nanoTime() - t0) / 1e9));
    }
    return testAccuracy;
  }

  private static double accuracy(Session session, Graphs g, ImageDataset test) {
    int bytes = test.imageBytes();
    int right = 0;
    for (int start = 0; start < test.count(); start += ClassifierModel.BATCH) {
      int n = Math.min(ClassifierModel.BATCH, test.count() - start);
      try (TUint8 x =
              TUint8.tensorOf(
                  Shape.of(n, test.height(), test.width(), test.channels()),
                  DataBuffers.of(test.pixels(), true, false)
                      .slice((long) start * bytes, (long) n * bytes));
          Result r = session.runner().feed(g.images, x).fetch(g.inferLogits).run()) {
        var logits = (TFloat32) r.get(0);
        for (int i = 0; i < n; i++) {
          int best = 0;
          for (int k = 1; k < logits.shape().get(1); k++)
            if (logits.getFloat(i, k) > logits.getFloat(i, best)) best = k;
          if (best == test.labels()[start + i]) right++;
        }
      }
    }
    return (double) right / test.count();
  }

  /**
   * The inference graph alone (no dropout, no Adam slots), restored from the training session's
   * save.
   */
  private static void writeSavedModel(
      String prefix, ImageDataset data, int classes, int featureWidth, Path dir)
      throws IOException {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var images =
          tf.withName(ClassifierModel.INPUT_IMAGES)
              .placeholder(
                  TFloat32.class,
                  Placeholder.shape(Shape.of(-1, data.height(), data.width(), data.channels())));
      var net =
          new ClassifierNet(
              Variables.restored(tf, ClassifierNet.NETWORK),
              data.height(),
              data.width(),
              data.channels(),
              classes,
              featureWidth);
      var out = net.forward(tf, images, Mode.INFER, null);
      var logits = tf.withName(ClassifierModel.OUTPUT_LOGITS).identity(out.logits());
      var features = tf.withName(ClassifierModel.OUTPUT_FEATURES).identity(out.features());
      try (var session = new Session(graph)) {
        session.restore(prefix);
        SavedModels.write(
            session,
            dir,
            Map.of(ClassifierModel.INPUT_IMAGES, images),
            Map.of(
                ClassifierModel.OUTPUT_LOGITS, logits, ClassifierModel.OUTPUT_FEATURES, features));
      }
    }
  }
}
