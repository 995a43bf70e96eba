// Shared by the notebooks, which start with `%load helpers.jsh`: where things are, and pictures
// large enough to see. The kernel runs in notebooks/, with the project's jars on its classpath.
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** The repository's root. */
Path repo = Path.of("..").toAbsolutePath().normalize();

/** {@code image} scaled up {@code factor} times, pixels kept sharp: 28x28 digits are tiny. */
BufferedImage enlarge(BufferedImage image, int factor) {
  var scale = AffineTransform.getScaleInstance(factor, factor);
  return new AffineTransformOp(scale, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, null);
}

/**
 * The shipped models/dcgan-mnist/3 (pinned: your own exports may add versions beside it) if it is
 * there, else the newest model 01-train.ipynb exported.
 */
Path findModel() throws IOException {
  Path shipped = repo.resolve("models").resolve("dcgan-mnist").resolve("3");
  if (Files.isDirectory(shipped)) return shipped;
  Path runs = repo.resolve("runs");
  if (Files.isDirectory(runs)) {
    try (var entries = Files.list(runs)) {
      var newest = entries.filter(p -> p.getFileName().toString().startsWith("notebook-"))
          .map(p -> p.resolve("model"))
          .filter(Files::isDirectory)
          .max(Comparator.naturalOrder());
      if (newest.isPresent()) return newest.get();
    }
  }
  throw new IllegalStateException("no model: " + shipped + " is not there and no runs/notebook-*/model either;"
      + " run 01-train.ipynb first");
}
