package dev.dcgan.spark;

import java.io.IOException;

/**
 * The main class of a trial's JVM: {@code dcgan train} itself ({@link dev.dcgan.train.cli.Main}),
 * plus one watch: when the task that started it goes away (its executor killed), the pipe on stdin
 * closes and the trial stops as on SIGTERM, writing a checkpoint, instead of training on as an
 * orphan that holds the run folder's lock.
 */
public final class TrialChild {
  private TrialChild() {}

  public static void main(String[] args) {
    var watch =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // the parent never writes; only the end of the stream matters
                }
              } catch (IOException e) {
                // a broken pipe: the parent is gone all the same
              }
              System.exit(143); // as SIGTERM: the trainer's hook checkpoints, then the JVM ends
            },
            "dcgan-sweep-parent-watch");
    watch.setDaemon(true);
    watch.start();
    dev.dcgan.train.cli.Main.main(args);
  }
}
