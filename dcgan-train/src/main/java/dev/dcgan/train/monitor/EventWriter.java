package dev.dcgan.train.monitor;

import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * TensorBoard event files written by TensorFlow's own summary ops (the ones tf.summary uses), in a
 * small graph and session of their own, apart from training.
 */
public final class EventWriter implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Placeholder<TUint8> image;
  private final Op writeScalar;
  private final Op writeImage;
  private final Op flush;
  private final Op closeWriter;

  public EventWriter(Path logDir) {
    Ops tf = Ops.create(graph);
    var writer = tf.summary.summaryWriter(SummaryWriter.sharedName("dcgan"));
    step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    image = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, -1)));
    Op create =
        tf.summary.createSummaryFileWriter(
            writer,
            tf.constant(logDir.toAbsolutePath().toString()),
            tf.constant(100),
            tf.constant(30_000),
            tf.constant(".v2"));
    writeScalar = tf.summary.writeScalarSummary(writer, step, tag, value);
    writeImage =
        tf.summary.writeImageSummary(
            writer,
            step,
            tag,
            image,
            tf.constant(new byte[] {(byte) 255, 0, 0, (byte) 255}),
            WriteImageSummary.maxImages(1L));
    flush = tf.summary.flushSummaryWriter(writer);
    closeWriter = tf.summary.closeSummaryWriter(writer);
    session = new Session(graph);
    run(create);
  }

  private void run(Op op) {
    session.runner().addTarget(op).run().close();
  }

  public void scalar(String name, long atStep, float v) {
    try (var s = TInt64.scalarOf(atStep);
        var t = TString.scalarOf(name);
        var x = TFloat32.scalarOf(v)) {
      session
          .runner()
          .feed(step, s)
          .feed(tag, t)
          .feed(value, x)
          .addTarget(writeScalar)
          .run()
          .close();
    }
  }

  /** An image, uint8 HWC with 1 or 3 channels. */
  public void image(String name, long atStep, byte[] hwc, int height, int width, int channels) {
    try (var s = TInt64.scalarOf(atStep);
        var t = TString.scalarOf(name);
        var x =
            TUint8.tensorOf(
                Shape.of(1, height, width, channels), DataBuffers.of(hwc, true, false))) {
      session
          .runner()
          .feed(step, s)
          .feed(tag, t)
          .feed(image, x)
          .addTarget(writeImage)
          .run()
          .close();
    }
  }

  public void flush() {
    run(flush);
  }

  @Override
  public void close() {
    try {
      run(closeWriter);
    } finally {
      session.close();
      graph.close();
    }
  }
}
