package dev.dcgan.train.model;

import dev.dcgan.train.nn.Embedding;
import dev.dcgan.train.nn.Init;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A class-conditional G: the architecture's G on z multiplied element-wise by a learned embedding
 * of the label, {@code G(z * embed(y))}, as the AC-GAN generator of PyTorch-GAN does; with {@link
 * Conditioning#BATCH_NORM} G's batch norms also take the label. The embedding is {@code
 * <network>.label_embedding.embeddings} [classes, latent], N(0, 1) at the start as
 * torch.nn.Embedding's, created after G's own layers, so both architectures and the EMA shadow need
 * nothing of their own.
 */
final class ConditionalGenerator implements Generator {
  private final Generator base;
  private final Embedding embedding;
  private final ModelSpec spec;

  ConditionalGenerator(Generator base, ModelSpec spec) {
    this.base = base;
    this.spec = spec;
    embedding =
        new Embedding(
            base.variables(),
            "label_embedding",
            spec.classes(),
            spec.latentSize(),
            Init.NORMAL,
            false);
  }

  @Override
  public Forward forward(Ops tf, Operand<TFloat32> z, Mode mode) {
    throw new IllegalArgumentException("a class-conditional generator needs labels");
  }

  @Override
  public Forward forward(Ops tf, Operand<TFloat32> z, Operand<TInt64> labels, Mode mode) {
    if (labels == null) return forward(tf, z, mode);
    var bnLabels = spec.conditioning() == Conditioning.BATCH_NORM ? labels : null;
    return base.forward(tf, tf.math.mul(z, embedding.apply(tf, labels, mode)), bnLabels, mode);
  }

  @Override
  public Variables variables() {
    return base.variables();
  }

  @Override
  public List<LayerShape> layers() {
    return base.layers(); // the lookup and product are no multiply-accumulates to speak of
  }
}
