package dev.dcgan.spark;

import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the sweep tests share: the project's folders and a tiny, fast spec. */
final class SweepTestSupport {
  private SweepTestSupport() {}

  /** The project root (tests run in dcgan-spark/): data/mnist and models/classifier-mnist. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Each trial's JVM: small, one TF thread per task. */
  static ChildJvm jvm() {
    return ChildJvm.ofThisJvm(List.of("-Xmx1g"), ROOT.toString());
  }

  /** 512 MNIST images, 64 a batch (8 steps an epoch), FCD every epoch; the rest is the caller's. */
  static SweepSpec spec(String name, String grid, int epochs) throws Exception {
    return SweepSpec.parse(
        JsonParser.parseString(
                """
                {"name": "%s",
                 "train": {"data": "%s", "limit": 512, "batch-size": 64},
                 "grid": %s,
                 "epochs": %d, "metric": "fcd", "eval-every": 1}
                """
                    .formatted(name, ROOT.resolve("data/mnist"), grid, epochs))
            .getAsJsonObject());
  }

  /** Spark for a test: no web UI, a small shuffle. */
  static Map<String, String> conf() {
    return Map.of("spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "1");
  }
}
