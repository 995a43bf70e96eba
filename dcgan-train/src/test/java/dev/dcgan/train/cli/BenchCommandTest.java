package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.ModelSpec;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bench}'s model flags: every row of docs/data.md's architecture table, and bad ones. */
class BenchCommandTest {

  private static ModelSpec spec(String args) throws Exception {
    var cl =
        new DefaultParser()
            .parse(new BenchCommand().options(), args.isBlank() ? new String[0] : args.split(" "));
    return BenchCommand.spec(cl);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "|tutorial|28|1|64",
        "--arch tutorial|tutorial|28|1|64",
        "--image-size 28 --channels 1|tutorial|28|1|64",
        "--image-size 32 --channels 1|dcgan|32|1|64",
        "--image-size 32|dcgan|32|3|64",
        "--arch dcgan|dcgan|64|3|64",
        "--arch dcgan --image-size 64 --channels 1|dcgan|64|1|64",
        "--arch dcgan --image-size 64 --channels 3 --ngf 32 --ndf 32|dcgan|64|3|32",
        "--arch tutorial --image-size 32 --channels 3|tutorial|32|3|64"
      })
  void theModelFlagsPickTheNetworks(String args, String arch, int side, int channels, int ngf)
      throws Exception {
    var s = spec(args == null ? "" : args);
    assertEquals(Architecture.parse(arch), s.architecture());
    assertEquals(side, s.height());
    assertEquals(side, s.width());
    assertEquals(channels, s.channels());
    assertEquals(ngf, s.ngf());
    assertEquals(ngf, s.ndf());
    assertFalse(s.conditional());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bench --arch vgg|unknown architecture 'vgg'|true",
        "bench --channels 2|channels must be 1 or 3|true",
        "bench --image-size 2|--image-size must be at least 4|true",
        "bench --ngf 0|--ngf must be at least 1|true",
        "bench --arch dcgan --image-size 28|the dcgan architecture needs|false",
        "bench --arch tutorial --image-size 30|the tutorial architecture needs|false",
        "bench --image-size 48|no default architecture for 48x48|false"
      })
  void badCombinationsAreUsageErrors(String args, String message, boolean usage) {
    var r = MainTest.run(args.split(" "));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(usage, r.err().contains("usage: dcgan bench"), r.err());
    assertTrue(r.out().isEmpty(), "nothing was measured: " + r.out());
  }

  @Test
  void trainOnlyTimesTheNamedModelAndCountsBothWays() {
    var r = tinyDcganTrainOnly();
    assertEquals(0, r.code(), r.err());
    var o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
    assertEquals("dcgan", o.get("arch").getAsString());
    assertEquals(8, o.get("image_size").getAsInt());
    assertEquals(1, o.get("channels").getAsInt());
    assertTrue(o.get("train_images_per_sec").getAsDouble() > 0);
    double analytic = o.get("train_mflop_per_image").getAsDouble();
    double effective = o.get("train_mflop_per_image_effective").getAsDouble();
    assertTrue(effective > 0 && effective < analytic, effective + " vs " + analytic);
    // at 8x8: G is the projection to 4x4 and one transposed convolution; D one convolution and
    // the logit
    assertEquals(4, o.getAsJsonArray("layers").size());
    assertFalse(o.has("fma_peak_gflops"), "--train-only measures no peak");
    assertFalse(o.has("generate_images_per_sec"), "--train-only draws nothing");
  }

  @Test
  void bf16IsTimedWhereTheCpuHasIt() {
    var r = tinyDcganTrainOnly("--precision", "bf16");
    assertEquals(0, r.code(), r.err());
    var o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
    // Where the CPU lacks bfloat16 the run says so and times fp32 (CpuFeatures decides both).
    boolean bf16 = dev.dcgan.train.util.CpuFeatures.detect().bf16();
    assertEquals(bf16 ? "bf16" : "fp32", o.get("precision").getAsString());
    assertEquals(!bf16, r.err().contains("training in fp32 instead"), r.err());
    assertTrue(o.get("train_images_per_sec").getAsDouble() > 0);
  }

  @Test
  void aBadPrecisionIsAUsageError() {
    var r = MainTest.run("bench", "--train-only", "--precision", "fp8");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--precision takes"), r.err());
  }

  @Test
  void aFigureThatCouldNotBeMeasuredIsNullInTheJson() {
    var results = new java.util.LinkedHashMap<String, Object>();
    results.put("fma_peak_gflops", null);
    results.put("fma_peak_note", "no C compiler");
    var o = JsonParser.parseString(BenchCommand.json(results)).getAsJsonObject();
    assertTrue(o.has("fma_peak_gflops"));
    assertTrue(o.get("fma_peak_gflops").isJsonNull());
  }

  @Test
  void helpNamesTheModelFlags() {
    var help = MainTest.run("bench", "--help").out();
    for (String flag :
        new String[] {
          "--arch", "--image-size", "--channels", "--ngf", "--ndf", "--train-only", "--precision"
        }) assertTrue(help.contains(flag), flag);
  }

  /** bench --json --train-only of a tiny 8x8x1 DCGAN: one step of batch 2 on one thread. */
  private static MainTest.Run tinyDcganTrainOnly(String... more) {
    var args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "bench",
                "--json",
                "--train-only",
                "--arch",
                "dcgan",
                "--image-size",
                "8",
                "--channels",
                "1",
                "--ngf",
                "4",
                "--ndf",
                "4",
                "--batch-size",
                "2",
                "--steps",
                "1",
                "--warmup",
                "0",
                "--threads",
                "1"));
    args.addAll(java.util.List.of(more));
    return MainTest.run(args.toArray(String[]::new));
  }
}
