package dev.dcgan.train.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.inference.OpAllowList;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.inference.SavedModelFile;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/**
 * A generator with a latent code exports as an unconditional one: z in, images out, the code read
 * off z inside the graph, with ops the slim library loads.
 */
class LatentCodeExportTest {
  @TempDir static Path tmp;
  static Path version;

  @BeforeAll
  static void export() throws IOException {
    Path run = tmp.resolve("run");
    var config =
        TrainConfig.builder()
            .data("fake")
            .imageSize(16)
            .channels(1)
            .architecture(Architecture.TUTORIAL)
            .ngf(4)
            .ndf(4)
            .latentSize(12)
            .latentCode(10)
            .ema(0.9f)
            .limit(32)
            .batchSize(16)
            .epochs(1)
            .runDir(run.toString())
            .build();
    var checkpoint = new Trainer(config).train(new TrainingListener() {}).checkpoint();
    var info = RunFolder.existing(run).readModelInfo();
    assertEquals(10, info.spec().latentCode());
    version =
        GeneratorExporter.export(
            checkpoint,
            info.spec(),
            tmp.resolve("models").resolve("dcgan-fake"),
            1,
            GeneratorExporter.Provenance.of(info.dataset()).at(1, 2).seed(42).ema(0.9f).build());
  }

  @Test
  void signaturesAreUnconditional() {
    try (var bundle = SavedModelBundle.load(version.toString(), SavedModelContract.TAG)) {
      var sigs = bundle.metaGraphDef().getSignatureDefMap();
      assertEquals(
          Map.of("z", "DT_FLOAT [-1, 12]"),
          GenerateSignatureTest.describe(sigs.get("serving_default").getInputsMap()));
      assertEquals(
          Map.of("seed", "DT_INT64 []", "count", "DT_INT32 []"),
          GenerateSignatureTest.describe(sigs.get("generate").getInputsMap()));
    }
  }

  @Test
  void metadataNamesTheCode() throws Exception {
    var metadata = ModelMetadata.read(version);
    assertEquals(10, ((Number) metadata.extra().get("latent_code")).intValue());
    assertEquals(0.9, ((Number) metadata.extra().get("ema")).doubleValue(), 1e-6);
    assertNull(metadata.classes(), "no classes: the codes are G's own, not the data's");
  }

  /** The code's ArgMax is on the allow list: the slim library loads and draws without options. */
  @Test
  void slimLibraryLoadsAndDraws() throws Exception {
    var verdict = OpAllowList.check(SavedModelFile.read(version));
    assertTrue(verdict.passed(), verdict.describeRefused());
    assertTrue(verdict.opTypes().contains("ArgMax"), verdict.opTypes().toString());
    try (var model = DcganModel.load(version)) {
      assertFalse(model.conditional());
      var images = model.generate(6, 3L);
      assertEquals(6, images.count());
      assertEquals(16, images.height());
      var again = model.generate(6, 3L);
      assertArrayEquals(images.pixels(), again.pixels(), "a seed draws the same images");
    }
  }
}
