package dev.dcgan.train.data;

import java.util.Locale;

/**
 * The colour transparent pixels are composited over when images are read (emoji and icons are
 * RGBA): out = alpha·colour + (1 − alpha)·background. Without it, transparent pixels would come out
 * as whatever colour the file stores under them, black in most.
 *
 * @param rgb 0xRRGGBB
 */
public record Background(int rgb) {
  public static final Background WHITE = new Background(0xFFFFFF);
  public static final Background BLACK = new Background(0x000000);

  public Background {
    if ((rgb & ~0xFFFFFF) != 0)
      throw new IllegalArgumentException(
          "a background is 0xRRGGBB, got " + Integer.toHexString(rgb));
  }

  /** "white", "black", "gray", or a hex colour "#RRGGBB" (the '#' optional). */
  public static Background parse(String s) {
    String v = s.strip().toLowerCase(Locale.ROOT);
    switch (v) {
      case "white":
        return WHITE;
      case "black":
        return BLACK;
      case "gray", "grey":
        return new Background(0x808080);
      default:
        break;
    }
    String hex = v.startsWith("#") ? v.substring(1) : v;
    if (hex.length() == 6 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0))
      return new Background(Integer.parseInt(hex, 16));
    throw new IllegalArgumentException(
        "a background is white, black, gray or #RRGGBB, got '" + s.strip() + "'");
  }

  @Override
  public String toString() {
    return this.equals(WHITE)
        ? "white"
        : this.equals(BLACK) ? "black" : String.format(Locale.ROOT, "#%06x", rgb);
  }
}
