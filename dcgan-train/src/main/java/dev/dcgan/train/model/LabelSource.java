package dev.dcgan.train.model;

import dev.dcgan.train.nn.Embedding;
import dev.dcgan.train.nn.Init;
import dev.dcgan.train.nn.KernelNorm;
import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Where G's class label comes from: nowhere, the data set's labels, or InfoGAN's latent code read
 * off z. It is picked once, from the spec ({@link ModelSpec#labelSource()}), and every part of the
 * GAN that depends on it asks it rather than testing for labels: G's input, the labels of the
 * fakes, D's class head, and the label inputs the graph feeds.
 *
 * <p>A G with labels (of either source) draws {@code G(z * embed(y))}, the embedding {@code
 * <network>.label_embedding.embeddings} [classes, latent], N(0, 1) at the start as
 * torch.nn.Embedding's, created after G's own layers (so G's layers start as an unconditional G's
 * would); how its batch norms take y is G's {@link dev.dcgan.train.nn.Normalisation}.
 */
public sealed interface LabelSource {
  /** An unconditional GAN without a code. */
  LabelSource NONE = new None();

  /** The number of values a label takes: G's embedding rows; 0 without labels. */
  int classes();

  /** Whether G's callers feed labels: the real batch's, the sample head's, the export's. */
  boolean fed();

  /**
   * The labels G conditions on for the rows of z, given what its caller fed.
   *
   * @throws IllegalArgumentException if the caller fed labels G takes none of, or none it needs
   */
  Labels generatorLabels(Ops tf, Operand<TFloat32> z, Labels fed);

  /**
   * The labels of the fakes, as D scores them: data labels are drawn uniformly from the step's
   * stream (right after z, so a GAN without them draws as before); otherwise none, and nothing is
   * drawn.
   */
  Labels drawFakeLabels(Ops tf, Operand<TInt64> batchSize, SeedStream seeds);

  /** A fed label input (int64 [N]) named {@code name}, or {@link Labels#NONE} if none is fed. */
  Labels input(Ops tf, String name);

  /** G's first step, z -> z * embed(y) (identity without labels); built after G's own layers. */
  LabelInput generatorInput(Variables vars, int latentSize);

  /**
   * D's class head on phi(x), its last hidden features of width {@code features}, its kernel
   * normalised as D's.
   */
  ClassHead discriminatorHead(Variables vars, long features, KernelNorm kernels);

  /** No labels: G(z), D(x). */
  record None() implements LabelSource {
    @Override
    public int classes() {
      return 0;
    }

    @Override
    public boolean fed() {
      return false;
    }

    @Override
    public Labels generatorLabels(Ops tf, Operand<TFloat32> z, Labels fed) {
      fed.requireNone("an unconditional generator");
      return Labels.NONE;
    }

    @Override
    public Labels drawFakeLabels(Ops tf, Operand<TInt64> batchSize, SeedStream seeds) {
      return Labels.NONE;
    }

    @Override
    public Labels input(Ops tf, String name) {
      return Labels.NONE;
    }

    @Override
    public LabelInput generatorInput(Variables vars, int latentSize) {
      return LabelInput.IDENTITY;
    }

    @Override
    public ClassHead discriminatorHead(Variables vars, long features, KernelNorm kernels) {
      return ClassHead.NONE;
    }
  }

  /**
   * The data set's labels (a class-conditional GAN): fed with the real batch and to the sample
   * head, drawn for the fakes; D is a projection discriminator ({@link Projection}).
   */
  record DataLabels(int classes) implements LabelSource {
    @Override
    public boolean fed() {
      return true;
    }

    @Override
    public Labels generatorLabels(Ops tf, Operand<TFloat32> z, Labels fed) {
      fed.values("a class-conditional generator");
      return fed;
    }

    @Override
    public Labels drawFakeLabels(Ops tf, Operand<TInt64> batchSize, SeedStream seeds) {
      // Per example: a data-parallel worker draws its rows of the global batch's (SeedStream).
      return Labels.of(
          seeds.perExample(
              tf,
              batchSize,
              n ->
                  tf.random.statelessRandomUniformInt(
                      n, seeds.next(tf), tf.constant(0L), tf.constant((long) classes))));
    }

    @Override
    public Labels input(Ops tf, String name) {
      return Labels.of(
          tf.withName(name).placeholder(TInt64.class, Placeholder.shape(Shape.of(-1))));
    }

    @Override
    public LabelInput generatorInput(Variables vars, int latentSize) {
      return LabelInput.embedding(vars, classes, latentSize);
    }

    @Override
    public ClassHead discriminatorHead(Variables vars, long features, KernelNorm kernels) {
      return new Projection(vars, classes, features, kernels);
    }
  }

  /**
   * InfoGAN's categorical code (Chen et al. 2016): G reads its label off z ({@link LatentCode}), so
   * its callers feed nothing; D is unconditional and has the Q head ({@link CodeHead}) that tells
   * the code back.
   */
  record LatentCodes(LatentCode code) implements LabelSource {
    @Override
    public int classes() {
      return code.values();
    }

    @Override
    public boolean fed() {
      return false;
    }

    @Override
    public Labels generatorLabels(Ops tf, Operand<TFloat32> z, Labels fed) {
      fed.requireNone("a generator with a latent code (it reads its code off z)");
      return Labels.of(code.of(tf, z));
    }

    @Override
    public Labels drawFakeLabels(Ops tf, Operand<TInt64> batchSize, SeedStream seeds) {
      return Labels.NONE; // D is unconditional; the information term reads the code off z
    }

    @Override
    public Labels input(Ops tf, String name) {
      return Labels.NONE;
    }

    @Override
    public LabelInput generatorInput(Variables vars, int latentSize) {
      return LabelInput.embedding(vars, code.values(), latentSize);
    }

    @Override
    public ClassHead discriminatorHead(Variables vars, long features, KernelNorm kernels) {
      return new CodeHead(vars, code.values(), features, kernels);
    }
  }

  /** G's first step: z, or z scaled by its label's embedding. */
  @FunctionalInterface
  interface LabelInput {
    LabelInput IDENTITY = (tf, z, labels, mode) -> z;

    Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> z, Labels labels, dev.dcgan.train.nn.Mode mode);

    /** z * embed(y), as the AC-GAN generator of PyTorch-GAN. */
    static LabelInput embedding(Variables vars, long classes, int latentSize) {
      var embedding =
          new Embedding(vars, "label_embedding", classes, latentSize, Init.NORMAL, KernelNorm.NONE);
      return (tf, z, labels, mode) ->
          tf.math.mul(z, embedding.apply(tf, labels.values("a labelled generator"), mode));
    }
  }
}
