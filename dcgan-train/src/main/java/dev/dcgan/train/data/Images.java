package dev.dcgan.train.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Image preparation for training: decoding, center crop, resize, and pixels out as uint8. */
final class Images {
  private Images() {}

  /** An image file whose header claims more pixels than the budget; nothing was decoded. */
  static final class TooManyPixels extends IOException {
    final int width;
    final int height;

    TooManyPixels(int width, int height, long maxPixels) {
      super(width + "x" + height + " pixels, more than the budget of " + maxPixels);
      this.width = width;
      this.height = height;
    }
  }

  /**
   * Decodes an image file once its header's width and height are within {@code maxPixels}. A few KB
   * of PNG can claim 30000x30000 pixels (3.6 GB decoded), so the size is read from the header
   * first, and such a file is refused before a pixel is decoded.
   *
   * @throws TooManyPixels if the header claims more than {@code maxPixels}
   * @throws IOException if no reader knows the format, or decoding fails
   */
  static BufferedImage read(Path file, long maxPixels) throws IOException {
    try (var in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) throw new IOException(file + ": cannot be opened");
      var readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) throw new IOException(file + ": not a readable image");
      var reader = readers.next();
      try {
        reader.setInput(in, true, true); // as ImageIO.read: forward only, no metadata
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if ((long) width * height > maxPixels) throw new TooManyPixels(width, height, maxPixels);
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    }
  }

  /** ITU-R BT.601 luma, as PIL's convert("L") computes it. */
  static int luma(int r, int g, int b) {
    return (r * 299 + g * 587 + b * 114 + 500) / 1000;
  }

  /** True if any pixel's red, green and blue differ. */
  static boolean isColour(BufferedImage image) {
    var cm = image.getColorModel();
    if (cm.getNumColorComponents() == 1) return false;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        if (r != g || g != b) return true;
      }
    }
    return false;
  }

  /**
   * The largest centred square, scaled to {@code size} x {@code size}. Downscaling halves the image
   * with bilinear filtering until within 2x of the target, then takes one bicubic step: a single
   * bilinear step from far above would alias (drop pixels instead of averaging them). Transparent
   * pixels are composited over {@code background} first (the result is opaque RGB).
   */
  static BufferedImage centerCropResize(BufferedImage src, int size, Background background) {
    int side = Math.min(src.getWidth(), src.getHeight());
    int x0 = (src.getWidth() - side) / 2;
    int y0 = (src.getHeight() - side) / 2;
    BufferedImage current = copy(src, x0, y0, side, side, side, background);
    while (current.getWidth() / 2 >= size) {
      current = scale(current, current.getWidth() / 2, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }
    return current.getWidth() == size
        ? current
        : scale(current, size, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
  }

  private static BufferedImage copy(
      BufferedImage src, int x0, int y0, int w, int h, int size, Background background) {
    var out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      // Source-over onto the background: alpha·colour + (1 − alpha)·background.
      g.setColor(new java.awt.Color(background.rgb()));
      g.fillRect(0, 0, size, size);
      g.drawImage(src, 0, 0, size, size, x0, y0, x0 + w, y0 + h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static BufferedImage scale(BufferedImage src, int size, Object interpolation) {
    var out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Writes the image's pixels as HWC uint8 (1 or 3 channels) at {@code offset}. */
  static void toBytes(BufferedImage image, int channels, byte[] out, int offset) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int p = 0; p < rgb.length; p++) {
      int r = (rgb[p] >> 16) & 0xff, g = (rgb[p] >> 8) & 0xff, b = rgb[p] & 0xff;
      if (channels == 3) {
        out[offset + 3 * p] = (byte) r;
        out[offset + 3 * p + 1] = (byte) g;
        out[offset + 3 * p + 2] = (byte) b;
      } else {
        out[offset + p] = (byte) luma(r, g, b);
      }
    }
  }
}
