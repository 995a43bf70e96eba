package dev.dcgan.inference;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** An animated GIF through javax.imageio's GIF writer: frames, a delay, looping forever. */
public final class AnimatedGif {
  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  private AnimatedGif() {}

  /**
   * Writes {@code frames} as a GIF that loops forever, moved into place once whole.
   *
   * @param frames the pictures, all of one size
   * @param delayMillis how long each frame shows (GIF counts in hundredths of a second)
   * @param file the .gif to write
   */
  public static void write(List<BufferedImage> frames, int delayMillis, Path file)
      throws IOException {
    if (frames.isEmpty()) throw new IllegalArgumentException("a GIF needs at least one frame");
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".anim", ".gif.tmp");
    try {
      try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
        writer.setOutput(out);
        writer.prepareWriteSequence(null);
        for (int i = 0; i < frames.size(); i++) {
          BufferedImage frame = frames.get(i);
          var meta =
              writer.getDefaultImageMetadata(
                  ImageTypeSpecifier.createFromRenderedImage(frame), null);
          configure(meta, delayMillis, i == 0);
          writer.writeToSequence(new IIOImage(frame, null, meta), null);
        }
        writer.endWriteSequence();
      } finally {
        writer.dispose();
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The frame's delay; the first frame also carries NETSCAPE2.0's loop count (0: forever). */
  private static void configure(IIOMetadata meta, int delayMillis, boolean first)
      throws IOException {
    var root = (IIOMetadataNode) meta.getAsTree(FORMAT);
    var control = child(root, "GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
    control.setAttribute("transparentColorIndex", "0");
    if (first) {
      var extensions = child(root, "ApplicationExtensions");
      var loop = new IIOMetadataNode("ApplicationExtension");
      loop.setAttribute("applicationID", "NETSCAPE");
      loop.setAttribute("authenticationCode", "2.0");
      loop.setUserObject(new byte[] {1, 0, 0});
      extensions.appendChild(loop);
    }
    meta.setFromTree(FORMAT, root);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
    }
    var node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }
}
