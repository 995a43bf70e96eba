package dev.dcgan.train.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * The layer descriptions of both architectures, as the networks build them: they chain from z to
 * the image and from the image to the logit, the analytic counts are the closed forms the benchmark
 * used before it counted from the layers, and the effective counts are below them.
 */
class TrainingFlopsTest {

  private record Networks(List<LayerShape> g, List<LayerShape> d) {}

  private static Networks layers(ModelSpec spec) {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var g = spec.newGenerator(Variables.initialised(tf, "generator", 1));
      var d = spec.newDiscriminator(Variables.initialised(tf, "discriminator", 2));
      return new Networks(g.layers(), d.layers());
    }
  }

  /** The closed forms of the G's forward MACs per image, before they were counted from layers. */
  private static List<Long> closedFormG(ModelSpec s) {
    if (s.architecture() == Architecture.TUTORIAL) {
      long cells = (long) s.height() / 4 * (s.width() / 4);
      return List.of(
          s.latentSize() * cells * 256,
          cells * 256 * 128 * 25,
          cells * 128 * 64 * 25,
          4 * cells * 64 * s.channels() * 25);
    }
    int hidden = Integer.numberOfTrailingZeros(s.height()) - 3;
    long maps = (long) s.ngf() << hidden;
    var macs = new java.util.ArrayList<Long>(List.of(s.latentSize() * 16 * maps));
    long side = 4;
    for (int i = 1; i <= hidden; i++, maps /= 2, side *= 2)
      macs.add(side * side * maps * (maps / 2) * 16);
    macs.add(side * side * maps * s.channels() * 16);
    return macs;
  }

  private static List<Long> closedFormD(ModelSpec s) {
    if (s.architecture() == Architecture.TUTORIAL) {
      long quarter = (long) s.height() / 4 * (s.width() / 4);
      return List.of(4 * quarter * s.channels() * 64 * 25, quarter * 64 * 128 * 25, quarter * 128);
    }
    int hidden = Integer.numberOfTrailingZeros(s.height()) - 3;
    long side = s.height() / 2;
    long maps = s.ndf();
    var macs = new java.util.ArrayList<Long>(List.of(side * side * s.channels() * maps * 16));
    for (int i = 1; i <= hidden; i++, maps *= 2) {
      side /= 2;
      macs.add(side * side * maps * maps * 2 * 16);
    }
    macs.add(16 * maps);
    return macs;
  }

  @ParameterizedTest
  @CsvSource({
    "tutorial,28,1,64,64",
    "tutorial,28,3,64,64",
    "tutorial,32,1,64,64",
    "dcgan,32,1,64,64",
    "dcgan,32,3,64,64",
    "dcgan,64,1,64,64",
    "dcgan,64,3,64,64",
    "dcgan,64,3,32,48",
    "dcgan,16,1,8,8"
  })
  void countsFollowTheNetworksLayers(String arch, int side, int channels, int ngf, int ndf) {
    var spec = new ModelSpec(Architecture.parse(arch), 100, side, side, channels, ngf, ndf);
    var n = layers(spec);

    assertEquals(closedFormG(spec), n.g().stream().map(LayerShape::analyticMacs).toList());
    assertEquals(closedFormD(spec), n.d().stream().map(LayerShape::analyticMacs).toList());

    // G: z in, each layer feeding the next, the image out; D: the image in, one logit out.
    assertEquals(LayerShape.Kind.DENSE, n.g().get(0).kind());
    assertEquals(100, n.g().get(0).inChannels());
    for (var net : List.of(n.g(), n.d())) {
      for (int i = 1; i < net.size(); i++) {
        var before = net.get(i - 1);
        var l = net.get(i);
        if (before.kind() == LayerShape.Kind.DENSE) {
          // G's projection is reshaped to its first map
          assertEquals(before.outChannels(), l.inHeight() * l.inWidth() * l.inChannels());
        } else if (l.kind() == LayerShape.Kind.DENSE) {
          assertEquals(
              before.outHeight() * before.outWidth() * before.outChannels(), l.inChannels());
        } else {
          assertEquals(before.outHeight(), l.inHeight(), l.name());
          assertEquals(before.outChannels(), l.inChannels(), l.name());
        }
      }
    }
    var image = n.g().get(n.g().size() - 1);
    assertEquals(
        List.of(side, side, (long) channels),
        List.of(image.outHeight(), image.outWidth(), image.outChannels()));
    var first = n.d().get(0);
    assertEquals(
        List.of(side, side, (long) channels),
        List.of(first.inHeight(), first.inWidth(), first.inChannels()));
    var logit = n.d().get(n.d().size() - 1);
    assertEquals(1, (long) logit.outHeight() * logit.outWidth() * logit.outChannels());

    var counts = TrainingFlops.counts(n.g(), n.d());
    assertEquals(
        TrainingFlops.perImage(closedFormG(spec), closedFormD(spec)), counts.analytic(), 1e-3);
    assertTrue(counts.effective() < counts.analytic(), "padded convolutions skip some taps");
    assertTrue(
        counts.paddingShare() > 0 && counts.paddingShare() < 0.5, "" + counts.paddingShare());
  }
}
