package dev.dcgan.train.distributed;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;

/**
 * A {@link Session} whose graph runs on a TensorFlow server ({@code grpc://host:port}) instead of
 * in this process: the session bridge TF Java lacks, since its public constructors set no target.
 *
 * <p>The C API can: {@code TF_SetTarget} on the session options, then {@code TF_NewSession}. The
 * native session is then wrapped in TF Java's own package-private {@code Session(Graph,
 * TF_Session)} constructor, reached by reflection. Reflection rather than a class of ours in
 * package {@code org.tensorflow}: on the class path both work, but TF Java's jar is an explicit
 * module ({@code tensorflow}), and on the module path a second {@code org.tensorflow} package is a
 * split package that fails at start-up, whereas reflection needs only {@code --add-opens
 * tensorflow/org.tensorflow=ALL-UNNAMED} (or our module's name).
 *
 * <p>Like TF Java's own wrapping constructor, this session does not run the graph's initializers by
 * itself: call {@link Session#initialize()} before the first step, or restore a checkpoint.
 */
public final class RemoteSession {
  private RemoteSession() {}

  /**
   * A session on {@code target} for {@code graph}.
   *
   * @param target {@code grpc://host:port} of a running {@link org.tensorflow.Server}
   * @param config the session's options (threads, the collective group leader, device filters)
   */
  public static Session open(Graph graph, String target, ConfigProto config) {
    if (!target.startsWith("grpc://"))
      throw new IllegalArgumentException("a session target is grpc://host:port, got " + target);
    TF_Session handle;
    try (var scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions opts = TF_SessionOptions.newSessionOptions();
      tensorflow.TF_SetTarget(opts, target);
      byte[] bytes = config.toByteArray();
      var proto = new BytePointer(bytes);
      tensorflow.TF_SetConfig(opts, proto, bytes.length, status);
      status.throwExceptionIfNotOK();
      handle = TF_Session.newSession(nativeGraph(graph), opts, status);
      status.throwExceptionIfNotOK();
      handle.retainReference(); // outlives the scope: the Session deletes it on close
    }
    return wrap(graph, handle);
  }

  private static TF_Graph nativeGraph(Graph graph) {
    try {
      Field f = Graph.class.getDeclaredField("nativeHandle");
      f.setAccessible(true);
      return (TF_Graph) f.get(graph);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw unreachable(e);
    }
  }

  private static Session wrap(Graph graph, TF_Session handle) {
    try {
      Constructor<Session> c = Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
      c.setAccessible(true);
      return c.newInstance(graph, handle);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw unreachable(e);
    }
  }

  private static IllegalStateException unreachable(Exception e) {
    return new IllegalStateException(
        "cannot reach TF Java's session internals (on the module path, add --add-opens"
            + " tensorflow/org.tensorflow=ALL-UNNAMED): "
            + e,
        e);
  }
}
