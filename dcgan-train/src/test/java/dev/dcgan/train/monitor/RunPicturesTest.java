package dev.dcgan.train.monitor;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPicturesTest {
  @Test
  void theLossPlotSkipsARowStillBeingWritten(@TempDir Path run) throws Exception {
    // A buffered writer can leave half a row at the end of losses.csv while training goes on.
    Files.writeString(
        run.resolve("losses.csv"),
        """
        step,epoch,d_loss,g_loss,d_real,d_fake
        1,1,1.40,0.70,0.48,0.50
        2,1,1.35,0.69,0.51,0.50
        3,1,1.30,0.71,0.52,0.49
        9""");
    var pictures = new RunPictures(run);
    pictures.writeLossPlot();
    assertNotNull(ImageIO.read(pictures.lossPlot().toFile()));
  }
}
