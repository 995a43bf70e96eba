package dev.dcgan.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a trial's JVM (and the export's) is started: which java, its options and class path, and
 * DCGAN_HOME (where {@code models/classifier-*} for FCD are). On a cluster every node must have
 * these paths (see docs/sweeps.md).
 *
 * @param java the java binary; null: the one running the task
 * @param classpath dcgan-train's jars and dcgan-spark's (for {@link TrialChild})
 * @param options JVM options of every trial, e.g. -Xmx2g
 * @param dcganHome the project folder the trainer finds its shipped classifiers in; null: none
 */
public record ChildJvm(String java, String classpath, List<String> options, String dcganHome)
    implements Serializable {

  /** The JVM of this process: its java and class path (what tests and a local sweep use). */
  public static ChildJvm ofThisJvm(List<String> options, String dcganHome) {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ChildJvm(null, cp, options, dcganHome);
  }

  /** {@code java OPTIONS [extra] -cp CLASSPATH MAIN ARGS}. */
  List<String> command(List<String> extraOptions, String mainClass, List<String> args) {
    var cmd = new ArrayList<String>();
    cmd.add(
        java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(options);
    cmd.addAll(extraOptions);
    cmd.addAll(List.of("-cp", classpath, mainClass));
    cmd.addAll(args);
    return cmd;
  }

  /**
   * The environment of a child: TF's quiet log and oneDNN, and DCGAN_HOME, each unless the node
   * sets it (spark.executorEnv.DCGAN_HOME wins over the driver's).
   */
  void environment(java.util.Map<String, String> env) {
    env.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "3");
    env.putIfAbsent("TF_ENABLE_ONEDNN_OPTS", "1");
    if (dcganHome != null) env.putIfAbsent("DCGAN_HOME", dcganHome);
  }
}
