package dev.dcgan.serve;

import static dev.dcgan.inference.SavedModelContract.OUTPUT_IMAGES_UINT8;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_LABELS;
import static dev.dcgan.inference.SavedModelContract.OUTPUT_PNG_BYTES;

import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.inference.PngImages;
import java.io.IOException;
import java.io.Writer;
import java.util.Base64;

/**
 * A {@code :predict} answer in TF Serving's forms: {@code {"predictions": [...]}} (one entry per
 * image) for the row form, {@code {"outputs": ...}} for the columnar form; a signature with one
 * output gives its values bare, with several an object by output name; outputs whose name ends in
 * {@code _bytes} go as {@code {"b64": "..."}}.
 */
final class PredictAnswer {
  private PredictAnswer() {}

  /** {@code serving_default}'s one output, {@code images}: float [n, h, w, c]. */
  static void images(Writer w, GeneratedImages images, boolean rowForm) throws IOException {
    float[] pixels = images.pixels();
    w.write(rowForm ? "{\"predictions\":" : "{\"outputs\":");
    JsonOut.list(
        w,
        images.count(),
        i -> JsonOut.floatImage(w, pixels, i, images.height(), images.width(), images.channels()));
    w.write('}');
  }

  /** {@code generate}'s outputs: images_uint8, png_bytes and, for a conditional model, labels. */
  static void pngs(Writer w, PngImages images, boolean labelled, boolean rowForm)
      throws IOException {
    int h = images.height(), wd = images.width(), c = images.channels();
    byte[] uint8 = images.uint8();
    var b64 = Base64.getEncoder();
    if (rowForm) {
      w.write("{\"predictions\":");
      JsonOut.list(
          w,
          images.count(),
          i -> {
            w.write("{\"" + OUTPUT_IMAGES_UINT8 + "\":");
            JsonOut.byteImage(w, uint8, i, h, wd, c);
            if (labelled) w.write(",\"" + OUTPUT_LABELS + "\":" + images.labels()[i]);
            w.write(
                ",\""
                    + OUTPUT_PNG_BYTES
                    + "\":{\"b64\":\""
                    + b64.encodeToString(images.png(i))
                    + "\"}}");
          });
      w.write('}');
      return;
    }
    w.write("{\"outputs\":{\"" + OUTPUT_IMAGES_UINT8 + "\":");
    JsonOut.list(w, images.count(), i -> JsonOut.byteImage(w, uint8, i, h, wd, c));
    if (labelled) {
      w.write(",\"" + OUTPUT_LABELS + "\":");
      JsonOut.list(w, images.count(), i -> w.write(Integer.toString(images.labels()[i])));
    }
    w.write(",\"" + OUTPUT_PNG_BYTES + "\":");
    JsonOut.list(
        w, images.count(), i -> w.write("{\"b64\":\"" + b64.encodeToString(images.png(i)) + "\"}"));
    w.write("}}");
  }
}
