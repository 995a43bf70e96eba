package dev.dcgan.train.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The effective multiply-accumulate counts against brute force: explicit loops over every output
 * position and kernel tap, and TensorFlow itself (all-ones inputs and kernels: each output sums the
 * taps that read a real input).
 */
class LayerShapeTest {

  /** TensorFlow's SAME padding before the first input, for one axis. */
  private static int padBefore(int in, int out, int k, int s) {
    return Math.max((out - 1) * s + k - in, 0) / 2;
  }

  /** Taps of a 2-D convolution that read an in-bounds input, by four nested loops. */
  private static long bruteForceConv(int h, int w, int k, int s, Padding padding) {
    int oh = padding == Padding.SAME ? (h + s - 1) / s : (h - k) / s + 1;
    int ow = padding == Padding.SAME ? (w + s - 1) / s : (w - k) / s + 1;
    int ph = padding == Padding.SAME ? padBefore(h, oh, k, s) : 0;
    int pw = padding == Padding.SAME ? padBefore(w, ow, k, s) : 0;
    long taps = 0;
    for (int y = 0; y < oh; y++)
      for (int x = 0; x < ow; x++)
        for (int i = 0; i < k; i++)
          for (int j = 0; j < k; j++) {
            int r = y * s - ph + i;
            int c = x * s - pw + j;
            if (r >= 0 && r < h && c >= 0 && c < w) taps++;
          }
    return taps;
  }

  /**
   * Taps of a SAME transposed convolution from h x w to (h s) x (w s) that multiply a real input,
   * in the "fractionally strided" view: a stride-1 convolution over the input with s - 1 zeros
   * inserted between neighbours and padded; taps on inserted zeros or padding do not count.
   */
  private static long bruteForceTransposed(int h, int w, int k, int s) {
    int oh = h * s;
    int ow = w * s;
    // The forward convolution (oh -> h) pads ph before; the stride-1 view pads k - 1 - ph.
    int lh = k - 1 - padBefore(oh, h, k, s);
    int lw = k - 1 - padBefore(ow, w, k, s);
    boolean[][] real = new boolean[oh + k - 1][ow + k - 1];
    for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) real[lh + r * s][lw + c * s] = true;
    long taps = 0;
    for (int y = 0; y < oh; y++)
      for (int x = 0; x < ow; x++)
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) if (real[y + i][x + j]) taps++;
    return taps;
  }

  @Test
  void aFiveByFiveSameKernelOnASevenBySevenMapReadsPaddingForAThirdOfItsTaps() {
    var conv = new LayerShape("c", LayerShape.Kind.CONV, 7, 7, 2, 3, 5, 1, Padding.SAME);
    long expected = 0;
    for (int y = 0; y < 7; y++)
      for (int x = 0; x < 7; x++)
        for (int i = -2; i <= 2; i++)
          for (int j = -2; j <= 2; j++)
            if (y + i >= 0 && y + i < 7 && x + j >= 0 && x + j < 7) expected++;
    assertEquals(expected * 2 * 3, conv.effectiveMacs());
    assertEquals(7 * 7 * 25 * 2 * 3, conv.analyticMacs());
    double padding = 1 - (double) conv.effectiveMacs() / conv.analyticMacs();
    assertTrue(padding > 0.25 && padding < 0.35, "padding share " + padding);
  }

  @ParameterizedTest
  @CsvSource({
    "7,7,5,1,SAME", "28,28,5,2,SAME", "14,14,5,2,SAME", "64,64,4,2,SAME", "8,8,4,2,SAME",
    "9,6,3,2,SAME", "6,6,4,1,SAME", "4,4,4,1,VALID", "11,9,3,2,VALID", "5,5,1,1,SAME"
  })
  void convolutionsCountTheTapsOnRealInputs(int h, int w, int k, int s, Padding padding) {
    var conv = new LayerShape("c", LayerShape.Kind.CONV, h, w, 3, 5, k, s, padding);
    assertEquals(bruteForceConv(h, w, k, s, padding) * 15, conv.effectiveMacs());
    assertTrue(conv.effectiveMacs() <= conv.analyticMacs());
  }

  @ParameterizedTest
  @CsvSource({"7,7,5,1", "7,7,5,2", "14,14,5,2", "4,4,4,2", "16,16,4,2", "3,5,3,2", "5,5,2,3"})
  void transposedConvolutionsCountOnlyRealInputsNotInsertedZeros(int h, int w, int k, int s) {
    var up = new LayerShape("t", LayerShape.Kind.CONV_TRANSPOSE, h, w, 4, 2, k, s, Padding.SAME);
    assertEquals(h * s, up.outHeight());
    assertEquals(w * s, up.outWidth());
    assertEquals(bruteForceTransposed(h, w, k, s) * 8, up.effectiveMacs());
    assertTrue(up.effectiveMacs() <= up.analyticMacs());
  }

  @Test
  void tensorFlowAgreesOnWhichTapsReadRealInputs() {
    // All-ones input and kernel, one map in and out: the output sums to the real taps.
    for (var c :
        List.of(
            new LayerShape("a", LayerShape.Kind.CONV, 7, 7, 1, 1, 5, 1, Padding.SAME),
            new LayerShape("b", LayerShape.Kind.CONV, 28, 28, 1, 1, 5, 2, Padding.SAME),
            new LayerShape("c", LayerShape.Kind.CONV, 8, 8, 1, 1, 4, 2, Padding.SAME),
            new LayerShape("d", LayerShape.Kind.CONV_TRANSPOSE, 7, 7, 1, 1, 5, 2, Padding.SAME),
            new LayerShape("e", LayerShape.Kind.CONV_TRANSPOSE, 4, 4, 1, 1, 4, 2, Padding.SAME))) {
      try (var g = new Graph();
          var s = new Session(g)) {
        Ops tf = Ops.create(g);
        var kernel =
            tf.fill(tf.constant(new long[] {c.kernel(), c.kernel(), 1, 1}), tf.constant(1f));
        var strides = List.of(1L, (long) c.stride(), (long) c.stride(), 1L);
        var input =
            tf.fill(tf.constant(new long[] {1, c.inHeight(), c.inWidth(), 1}), tf.constant(1f));
        var out =
            c.kind() == LayerShape.Kind.CONV
                ? tf.nn.conv2d(input, kernel, strides, c.padding().name())
                : tf.nn.conv2dBackpropInput(
                    tf.constant(new int[] {1, c.outHeight(), c.outWidth(), 1}),
                    kernel,
                    input,
                    strides,
                    "SAME");
        var sum = tf.sum(out, tf.constant(new int[] {0, 1, 2, 3}));
        try (var r = s.runner().fetch(sum).run()) {
          assertEquals(c.effectiveMacs(), Math.round(((TFloat32) r.get(0)).getFloat()), c.name());
        }
      }
    }
  }

  @Test
  void aDenseLayerHasNoPadding() {
    var d = LayerShape.dense("dense", 100, 12544);
    assertEquals(100 * 12544L, d.analyticMacs());
    assertEquals(d.analyticMacs(), d.effectiveMacs());
    assertEquals(1, d.outHeight());
    assertEquals(1, d.outWidth());
  }
}
