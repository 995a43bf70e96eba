package dev.dcgan.train.model;

import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * An unconditional G with a categorical latent code: a class-conditional G whose label is the
 * {@link LatentCode} of z. To its callers it is G(z), with no labels.
 */
final class CodedGenerator implements Generator {
  private final Generator conditional;
  private final LatentCode code;

  CodedGenerator(Generator conditional, LatentCode code) {
    this.conditional = conditional;
    this.code = code;
  }

  @Override
  public Forward forward(Ops tf, Operand<TFloat32> z, Operand<TInt64> labels, Mode mode) {
    if (labels != null)
      throw new IllegalArgumentException(
          "a generator with a latent code takes no labels: it reads its code off z");
    return conditional.forward(tf, z, code.of(tf, z), mode);
  }

  @Override
  public Operand<TInt64> latentCode(Ops tf, Operand<TFloat32> z) {
    return code.of(tf, z);
  }

  @Override
  public Variables variables() {
    return conditional.variables();
  }

  @Override
  public List<LayerShape> layers() {
    return conditional.layers();
  }
}
