package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On resume, losses.csv keeps the whole rows up to the checkpoint's step. */
class LossLogTest {
  static String row(int step) {
    return step + "," + (1 + (step - 1) / 4) + ",1.386294,0.693147,0.500000,0.500000";
  }

  static String rows(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(s -> row(s) + "\n").reduce("", String::concat);
  }

  /** The log of a run killed at various points while writing row 12, resumed from step 8. */
  @Test
  void dropsACutLastRowAndTheRowsPastTheCheckpoint(@TempDir Path tmp) throws IOException {
    String whole = LossLog.HEADER + "\n" + rows(1, 11);
    String twelve = row(12) + "\n";
    for (int cut = 0; cut <= twelve.length(); cut++) {
      Path file = tmp.resolve("losses-" + cut + ".csv");
      Files.writeString(file, whole + twelve.substring(0, cut));
      new LossLog(file, 8).close();
      assertEquals(LossLog.HEADER + "\n" + rows(1, 8), Files.readString(file), "cut at " + cut);
    }
  }

  /** "begin 0, end -1, length 2": a cut row with no comma left in it. */
  @Test
  void aCutRowBeforeItsFirstCommaIsNoError(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("losses.csv");
    Files.writeString(file, LossLog.HEADER + "\n" + rows(1, 9) + "10\n");
    new LossLog(file, 9).close();
    assertEquals(10, Files.readAllLines(file).size());
  }

  @Test
  void aNewRunStartsWithTheHeader(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("losses.csv");
    Files.writeString(file, LossLog.HEADER + "\n" + rows(1, 3));
    new LossLog(file, 0).close();
    assertEquals(List.of(LossLog.HEADER), Files.readAllLines(file));
  }
}
