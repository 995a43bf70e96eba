package dev.dcgan.train.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.inference.OpAllowList;
import dev.dcgan.inference.SavedModelFile;
import dev.dcgan.train.TestModels;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingListener;
import dev.dcgan.train.util.CpuFeatures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bf16 export computes in bfloat16 inside and keeps the float32 model's signatures, so TF Serving
 * and the clients cannot tell them apart.
 */
class BFloat16ExportTest {
  private static final CpuFeatures BF16_CPU = CpuFeatures.of("avx512_bf16");

  @TempDir static Path tmp;
  static Path checkpoint;
  static RunFolder.ModelInfo info;

  @BeforeAll
  static void trainBrieflyInBf16() throws IOException {
    Path run = tmp.resolve("run");
    var config = TestModels.tinyRun(run).toBuilder().precision(Precision.BF16).build();
    checkpoint = new Trainer(config, BF16_CPU).train(new TrainingListener() {}).checkpoint();
    info = RunFolder.existing(run).readModelInfo();
  }

  private static Path export(Precision precision) throws IOException {
    return GeneratorExporter.export(
        checkpoint,
        info.spec(),
        tmp.resolve("models-" + precision.id()).resolve("m"),
        0,
        GeneratorExporter.Provenance.of(info.dataset())
            .at(1, 2)
            .seed(42)
            .precision(precision)
            .build());
  }

  @Test
  void bf16ExportHasTheFloat32SignaturesAndCastsInside() throws Exception {
    var fp32 = SavedModelFile.read(export(Precision.FP32));
    var bf16 = SavedModelFile.read(export(Precision.BF16));
    assertEquals(
        fp32.getMetaGraphs(0).getSignatureDefMap(),
        bf16.getMetaGraphs(0).getSignatureDefMap(),
        "signatures differ");
    assertFalse(SavedModelFile.computesInBfloat16(fp32));
    assertTrue(SavedModelFile.computesInBfloat16(bf16), "no bfloat16 op in the bf16 export");
    assertTrue(OpAllowList.check(bf16).passed(), OpAllowList.check(bf16).describeRefused());
  }

  @Test
  void bf16ExportLoadsAndDrawsWhatTheFloat32OneDrawsToBfloat16Accuracy() throws IOException {
    var z = LatentNoise.gaussian(16, info.spec().latentSize(), 5);
    float[] a;
    try (var model = DcganModel.load(export(Precision.FP32))) {
      assertEquals(ModelMetadata.FP32, model.metadata().orElseThrow().precision());
      a = model.generate(z).pixels();
    }
    try (var model = DcganModel.load(export(Precision.BF16))) {
      assertEquals("bf16", model.metadata().orElseThrow().precision());
      float[] b = model.generate(z).pixels();
      assertEquals(a.length, b.length);
      float max = 0;
      for (int i = 0; i < a.length; i++) {
        assertTrue(Float.isFinite(b[i]) && b[i] >= 0 && b[i] <= 1, "pixel " + i + ": " + b[i]);
        max = Math.max(max, Math.abs(a[i] - b[i]));
      }
      assertTrue(max > 0, "the bf16 export drew exactly the fp32 pixels");
      assertTrue(max < 0.1, "max difference " + max);
      assertEquals(16, model.generate(16, 3).count(), "the generate signature");
    }
  }

  /** Both architectures' other layers: a conditional dcgan G, D with spectral norm, EMA. */
  @Test
  void conditionalDcganWithSpectralNormAndEmaTrainsAndExportsInBf16() throws IOException {
    Path run = tmp.resolve("conditional");
    var config =
        TrainConfig.builder()
            .data("fake")
            .imageSize(8)
            .channels(1)
            .architecture(Architecture.DCGAN)
            .ngf(4)
            .ndf(4)
            .latentSize(8)
            .conditional(true)
            .spectralNorm(true)
            .ema(0.9f)
            .precision(Precision.BF16)
            .limit(32)
            .batchSize(16)
            .epochs(1)
            .runDir(run.toString())
            .build();
    var ckpt = new Trainer(config, BF16_CPU).train(new TrainingListener() {}).checkpoint();
    var ci = RunFolder.existing(run).readModelInfo();
    Path version =
        GeneratorExporter.export(
            ckpt,
            ci.spec(),
            tmp.resolve("models-conditional"),
            0,
            GeneratorExporter.Provenance.of(ci.dataset())
                .at(1, 2)
                .seed(42)
                .ema(0.9f)
                .classes(ci.classes())
                .precision(Precision.BF16)
                .build());
    assertTrue(SavedModelFile.computesInBfloat16(SavedModelFile.read(version)));
    try (var model = DcganModel.load(version)) {
      float[] pixels =
          model.generate(LatentNoise.gaussian(4, 8, 1), new int[] {0, 1, 2, 3}).pixels();
      for (float p : pixels) assertTrue(Float.isFinite(p), "a pixel is " + p);
    }
  }
}
