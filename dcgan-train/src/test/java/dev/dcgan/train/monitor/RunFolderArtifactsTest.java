package dev.dcgan.train.monitor;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.Trainer;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

/** TensorBoard events, the GIF and the loss plot of a short run, read back. */
class RunFolderArtifactsTest {
  @TempDir static Path tmp;
  static Path run;
  static List<String> losses;

  @BeforeAll
  static void train() throws IOException {
    run = tmp.resolve("run");
    var config =
        TrainConfig.builder()
            .data(TestData.mnist().toString())
            .limit(256)
            .batchSize(64)
            .epochs(3)
            .summaryEvery(2)
            .runDir(run.toString())
            .build();
    var trainer = new Trainer(config);
    try (var monitor = new RunMonitor(run, trainer.config())) {
      trainer.train(monitor);
    }
    losses = Files.readAllLines(run.resolve("losses.csv"));
  }

  static int maskedCrc(byte[] b, int off, int len) {
    var crc = new CRC32C();
    crc.update(b, off, len);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  /** TFRecord framing: length (u64), masked CRC32C of it, data, masked CRC32C of the data. */
  static List<Event> readEvents(Path file) throws IOException {
    var events = new ArrayList<Event>();
    try (var in = new DataInputStream(Files.newInputStream(file))) {
      while (true) {
        byte[] header = new byte[12];
        try {
          in.readFully(header);
        } catch (EOFException end) {
          break;
        }
        var hb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = hb.getLong(0);
        assertEquals(maskedCrc(header, 0, 8), hb.getInt(8), "length CRC");
        byte[] data = new byte[(int) length];
        in.readFully(data);
        byte[] footer = new byte[4];
        in.readFully(footer);
        assertEquals(
            maskedCrc(data, 0, data.length),
            ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt(),
            "data CRC");
        events.add(Event.parseFrom(data));
      }
    }
    return events;
  }

  @Test
  void tensorBoardEventsHoldTheScalarsAndTheSampleGrid() throws IOException {
    List<Path> files;
    try (var s = Files.list(run)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents")).toList();
    }
    assertEquals(1, files.size(), files.toString());
    var events = readEvents(files.get(0));
    assertTrue(
        events.get(0).hasFileVersion() || events.get(0).getFileVersion().startsWith("brain.Event"),
        "first record names the file version");
    Map<String, Map<Long, Float>> scalars = new HashMap<>();
    int images = 0;
    for (var e : events) {
      for (var v : e.getSummary().getValueList()) {
        if (v.hasImage()) {
          images++;
          var png =
              ImageIO.read(
                  new java.io.ByteArrayInputStream(
                      v.getImage().getEncodedImageString().toByteArray()));
          assertEquals(8 * 28 + 7 * 2, png.getWidth());
        } else {
          scalars
              .computeIfAbsent(v.getTag(), k -> new HashMap<>())
              .put(e.getStep(), v.getSimpleValue());
        }
      }
    }
    assertEquals(3, images, "one grid per epoch");
    for (String tag :
        List.of("loss/d", "loss/g", "d/real", "d/fake", "speed/images_per_sec", "lr/d", "lr/g")) {
      assertEquals(
          List.of(2L, 4L, 6L, 8L, 10L, 12L),
          scalars.get(tag).keySet().stream().sorted().toList(),
          tag);
    }
    // The logged values are the step's values in losses.csv.
    for (long step : List.of(2L, 8L)) {
      var row = losses.get((int) step).split(",");
      assertEquals(Long.toString(step), row[0]);
      assertEquals(Float.parseFloat(row[2]), scalars.get("loss/d").get(step), 1e-5);
      assertEquals(Float.parseFloat(row[3]), scalars.get("loss/g").get(step), 1e-5);
      assertEquals(Float.parseFloat(row[5]), scalars.get("d/fake").get(step), 1e-5);
    }
    assertEquals(2e-4f, scalars.get("lr/d").get(4L), 1e-9);
    assertTrue(scalars.get("speed/images_per_sec").get(6L) > 0);
  }

  @Test
  void gifHasAFramePerEpochAndTheLossPlotIsDrawn() throws IOException {
    try (var in = ImageIO.createImageInputStream(run.resolve("samples.gif").toFile())) {
      var reader = ImageIO.getImageReadersByFormatName("gif").next();
      reader.setInput(in);
      assertEquals(3, reader.getNumImages(true));
      assertEquals(8 * 28 + 7 * 2, reader.read(0).getWidth());
    }
    var plot = ImageIO.read(run.resolve("losses.png").toFile());
    assertEquals(800, plot.getWidth());
    assertEquals(400, plot.getHeight());
  }
}
