package dev.dcgan.train.export;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonPrimitive;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.options.OptionValues;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.options.Use;
import dev.dcgan.train.util.Checkpoints;
import org.junit.jupiter.api.Test;

/** The one way to say what an export is: from the checkpoint's state and the run's options. */
class ProvenanceTest {
  @Test
  void theRunsOptionsGiveSeedEmaPrecisionAndTheMetadataOptions() {
    var options =
        OptionValues.defaults()
            .with(TrainOptions.SEED, 9L)
            .with(TrainOptions.EMA, 0.9f)
            .with(TrainOptions.PRECISION, Precision.BF16)
            .with(TrainOptions.RUN_DIR, "runs/private");
    var p =
        GeneratorExporter.Provenance.of("mnist", new Checkpoints.State(40, 40, 2, 0, 1280))
            .trainedWith(options)
            .build();
    assertEquals(2, p.epochs());
    assertEquals(40, p.steps());
    assertEquals(9L, p.seed());
    assertEquals(0.9f, p.ema());
    assertEquals(Precision.BF16, p.precision());
    var recorded = p.optionsForMetadata();
    assertEquals(
        TrainOptions.usedIn(Use.METADATA).stream().map(o -> o.name()).toList(),
        recorded.keySet().stream().toList());
    assertEquals(new JsonPrimitive("bf16"), recorded.get("precision"));
    assertFalse(recorded.containsKey("run-dir"), "where the run was is not the model's business");
    assertFalse(recorded.containsKey("data"));
  }

  @Test
  void exportingGsOwnWeightsOverridesTheRunsEma() {
    var p =
        GeneratorExporter.Provenance.of("mnist")
            .trainedWith(OptionValues.defaults())
            .ema(0f)
            .build();
    assertEquals(0f, p.ema());
    assertEquals(new JsonPrimitive(0.999f), p.optionsForMetadata().get("ema"), "as trained");
  }
}
