package dev.dcgan.inference;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A grid picture filled one cell at a time: cells row-major, {@code gap} black pixels between them
 * (none around the edge). Filling it batch by batch, a grid of many images takes the grid's memory
 * and one batch's, never every image's as well.
 */
public final class GridCanvas {
  private final BufferedImage grid;
  private final int count;
  private final int cellWidth;
  private final int cellHeight;
  private final int columns;
  private final int gap;

  /**
   * A grid's size in pixels, in {@code long} so that sizes no picture can have are still told.
   *
   * @param width pixels across
   * @param height pixels down
   */
  public record Size(long width, long height) {
    public long pixels() {
      return width * height;
    }
  }

  /**
   * The size of a grid of {@code count} cells of {@code cellWidth x cellHeight}: fewer cells than
   * {@code columns} make a single row only as wide as needed.
   */
  public static Size size(long count, int cellWidth, int cellHeight, int columns, int gap) {
    if (count < 1 || cellWidth < 1 || cellHeight < 1 || columns < 1 || gap < 0) {
      throw new IllegalArgumentException(
          "a grid needs count, cell sizes and columns of at least 1 and a gap of at least 0, got "
              + count
              + ", "
              + cellWidth
              + "x"
              + cellHeight
              + ", "
              + columns
              + ", "
              + gap);
    }
    long cols = Math.min(columns, count);
    long rows = (count + cols - 1) / cols;
    return new Size(cols * cellWidth + (cols - 1) * gap, rows * cellHeight + (rows - 1) * gap);
  }

  /**
   * A black grid with room for {@code count} cells.
   *
   * @param type the picture type, e.g. {@link ImageGrid#imageType(int)}
   * @throws IllegalArgumentException if the grid has more pixels than one picture can hold
   */
  public GridCanvas(int count, int cellWidth, int cellHeight, int type, int columns, int gap) {
    Size size = size(count, cellWidth, cellHeight, columns, gap);
    if (size.pixels() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a grid of "
              + count
              + " images of "
              + cellWidth
              + "x"
              + cellHeight
              + " is "
              + size.width()
              + "x"
              + size.height()
              + " pixels, more than one picture holds; draw fewer images per grid");
    }
    // A new BufferedImage is all zeros: the gaps are black without painting them.
    this.grid = new BufferedImage((int) size.width(), (int) size.height(), type);
    this.count = count;
    this.cellWidth = cellWidth;
    this.cellHeight = cellHeight;
    this.columns = Math.min(columns, count);
    this.gap = gap;
  }

  /**
   * Copies {@code image} into cell {@code index}: exactly when it has the grid's type, else through
   * a colour conversion.
   *
   * @throws IllegalArgumentException if the image is not of the cell size
   */
  public void put(int index, BufferedImage image) {
    Objects.checkIndex(index, count);
    if (image.getWidth() != cellWidth || image.getHeight() != cellHeight) {
      throw new IllegalArgumentException(
          "image "
              + index
              + " is "
              + image.getWidth()
              + "x"
              + image.getHeight()
              + ", the grid's cells are "
              + cellWidth
              + "x"
              + cellHeight
              + ": a grid needs one size");
    }
    int x = (index % columns) * (cellWidth + gap);
    int y = (index / columns) * (cellHeight + gap);
    if (image.getType() == grid.getType()) {
      grid.getRaster().setRect(x, y, image.getRaster()); // exact copy, no colour conversion
    } else {
      var g = grid.createGraphics();
      try {
        g.drawImage(image, x, y, null);
      } finally {
        g.dispose();
      }
    }
  }

  /**
   * @return the grid itself, not a copy
   */
  public BufferedImage image() {
    return grid;
  }
}
