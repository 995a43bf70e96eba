package dev.dcgan.train.export;

import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.model.GanPrecision;
import dev.dcgan.train.model.Generator;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.model.PixelRange;
import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.nn.Variables;
import dev.dcgan.train.options.Option;
import dev.dcgan.train.options.OptionValues;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.options.Use;
import dev.dcgan.train.util.AtomicFiles;
import dev.dcgan.train.util.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.TensorArray;
import org.tensorflow.op.core.TensorArrayGather;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Exports a checkpoint's generator as a SavedModel in TF Serving's layout, {@code <base>/<n>/}.
 *
 * <p>{@code SavedModelBundle.exporter} saves every variable of a session's graph, so the export is
 * built from a graph of its own holding only G in inference mode (no dropout, no D, no Adam slots);
 * its variables carry the training graph's names and are restored from the checkpoint by name. z's
 * batch dimension is -1 and every shape inside is computed from {@code tf.shape(z)}, so the model
 * takes any batch size. A second signature, {@code generate}, runs the same G (same variables) on z
 * drawn in the graph from a seed and returns uint8 pixels and PNG files (see {@link
 * SavedModelContract#GENERATE}); {@code serving_default} is unchanged by it. The version folder
 * appears by an atomic rename, whole or not at all, and an existing version is never overwritten.
 */
public final class GeneratorExporter {
  /** The batch a bf16 export's layers are checked at ({@link GanPrecision#forGeneration}). */
  static final int CHECK_BATCH = 64;

  private GeneratorExporter() {}

  /**
   * What the metadata records besides the shapes. Build one with {@link #of(String,
   * Checkpoints.State)}; {@link Builder#trainedWith} takes the seed, EMA and precision from a run's
   * options and records them in the metadata's {@code extra.options}.
   *
   * @param ema the decay of G's moving average if the weights to export are that average ({@code
   *     extra.ema} in the metadata), or 0 for G's own weights
   * @param classes a conditional generator's class names, index i for label i (the metadata's
   *     {@code classes}); null for an unconditional one
   * @param precision what the exported graph's convolutions and products compute in (the metadata's
   *     {@code precision}); its inputs and outputs are float32 either way
   * @param options the training options to record in the metadata (the option table's {@link
   *     Use#METADATA} rows, as {@code extra.options}); null: none
   */
  public record Provenance(
      String dataset,
      double epochs,
      long steps,
      long seed,
      float ema,
      Map<String, Object> extra,
      List<String> classes,
      Precision precision,
      OptionValues options) {
    public Provenance {
      if (precision == null) precision = Precision.FP32;
      if (extra == null) extra = Map.of();
    }

    /** The export of a checkpoint at {@code state} (its epoch and step). */
    public static Builder of(String dataset, Checkpoints.State state) {
      return of(dataset).at(state.epoch(), state.step());
    }

    /** From epoch 0, step 0, seed 0, G's own weights, float32, unconditional. */
    public static Builder of(String dataset) {
      return new Builder(dataset);
    }

    /** The training options recorded in the metadata: option name to its JSON value. */
    public Map<String, Object> optionsForMetadata() {
      var json = new LinkedHashMap<String, Object>();
      if (options != null)
        for (var o : TrainOptions.usedIn(Use.METADATA)) json.put(o.name(), jsonOf(o, options));
      return json;
    }

    private static <T> Object jsonOf(Option<T> option, OptionValues values) {
      T v = values.get(option);
      return v == null ? null : option.codec().toJson(v);
    }

    /** Options object for a {@link Provenance}. */
    public static final class Builder {
      private final String dataset;
      private double epochs;
      private long steps;
      private long seed;
      private float ema;
      private Map<String, Object> extra = Map.of();
      private List<String> classes;
      private Precision precision = Precision.FP32;
      private OptionValues options;

      private Builder(String dataset) {
        this.dataset = dataset;
      }

      public Builder at(double epochs, long steps) {
        this.epochs = epochs;
        this.steps = steps;
        return this;
      }

      /** The run's seed, EMA decay and precision, and its options for the metadata. */
      public Builder trainedWith(OptionValues values) {
        options = values;
        seed = values.get(TrainOptions.SEED);
        ema = values.get(TrainOptions.EMA);
        precision = values.get(TrainOptions.PRECISION);
        return this;
      }

      public Builder seed(long v) {
        seed = v;
        return this;
      }

      /** The EMA decay if the weights to export are G's average; 0: G's own weights. */
      public Builder ema(float v) {
        ema = v;
        return this;
      }

      public Builder extra(Map<String, Object> v) {
        extra = v;
        return this;
      }

      public Builder classes(List<String> v) {
        classes = v;
        return this;
      }

      public Builder precision(Precision v) {
        precision = v;
        return this;
      }

      public Provenance build() {
        return new Provenance(
            dataset, epochs, steps, seed, ema, extra, classes, precision, options);
      }
    }
  }

  /**
   * Looks at the exported SavedModel before it is published and returns more metadata for it
   * ({@code extra} entries), e.g. an evaluation of exactly the graph that ships.
   */
  @FunctionalInterface
  public interface Review {
    Map<String, Object> extraFor(Path savedModel) throws IOException;
  }

  /**
   * @param version the version folder to create, or 0 for the next free one
   * @return the version folder written
   */
  public static Path export(
      Path checkpoint, ModelSpec spec, Path modelBase, long version, Provenance provenance)
      throws IOException {
    return export(checkpoint, spec, modelBase, version, provenance, savedModel -> Map.of());
  }

  /**
   * As {@link #export(Path, ModelSpec, Path, long, Provenance)}, with {@code review}'s entries
   * added to the metadata's {@code extra} (they win over the provenance's).
   */
  public static Path export(
      Path checkpoint,
      ModelSpec spec,
      Path modelBase,
      long version,
      Provenance provenance,
      Review review)
      throws IOException {
    String prefix = Checkpoints.variablesPrefix(checkpoint);
    int named = provenance.classes() == null ? 0 : provenance.classes().size();
    if (named != spec.classes())
      throw new IllegalArgumentException(
          "the generator has "
              + spec.classes()
              + " classes but the export was given "
              + named
              + " class names");
    return SavedModels.publish(
        modelBase,
        version,
        dir -> {
          var precision = provenance.precision();
          if (provenance.ema() > 0) writeAveragedSavedModel(prefix, spec, precision, dir);
          else writeSavedModel(prefix, spec, precision, dir);
          var extra = new LinkedHashMap<String, Object>();
          if (provenance.ema() > 0) extra.put("ema", provenance.ema());
          if (spec.conditional()) extra.put("conditioning", spec.conditioning().id());
          if (spec.coded()) extra.put("latent_code", spec.latentCode());
          if (provenance.options() != null) extra.put("options", provenance.optionsForMetadata());
          if (provenance.extra() != null) extra.putAll(provenance.extra());
          // The review loads the SavedModel, which a conditional one cannot be without its class
          // names: the metadata is written first, and again with what the review adds.
          writeMetadata(spec, provenance, extra, dir);
          var reviewed = review.extraFor(dir);
          if (!reviewed.isEmpty()) {
            extra.putAll(reviewed);
            writeMetadata(spec, provenance, extra, dir);
          }
        });
  }

  private static void writeMetadata(
      ModelSpec spec, Provenance provenance, Map<String, Object> extra, Path dir)
      throws IOException {
    var metadata =
        ModelMetadata.builder()
            .formatVersion(
                spec.conditional()
                    ? SavedModelContract.CONDITIONAL_FORMAT_VERSION
                    : SavedModelContract.FORMAT_VERSION)
            .shape(spec.latentSize(), spec.height(), spec.width(), spec.channels())
            .dataset(provenance.dataset())
            .architecture(spec.architecture().id())
            .trained(provenance.epochs(), provenance.steps(), provenance.seed())
            .exported(Instant.now().toString(), projectVersion())
            .classes(provenance.classes())
            .extra(extra)
            .precision(provenance.precision().id())
            .build();
    AtomicFiles.writeString(
        dir.resolve(SavedModelContract.ASSETS_EXTRA).resolve(SavedModelContract.METADATA_FILE),
        metadata.toJson() + "\n");
  }

  /** The EMA generator under G's variable names, from a temporary averaged checkpoint. */
  private static void writeAveragedSavedModel(
      String checkpointPrefix, ModelSpec spec, Precision precision, Path dir) throws IOException {
    Path tmp = Files.createTempDirectory("dcgan-ema-");
    try {
      String averaged = tmp.resolve(Checkpoints.VARIABLES).toString();
      try {
        EmaCheckpoint.write(checkpointPrefix, spec, averaged);
      } catch (RuntimeException e) {
        // TensorFlow names a variable the checkpoint lacks ("Key ... not found in checkpoint"):
        // no shadows were saved. Any other failure to read them means the files are damaged.
        if (String.valueOf(e.getMessage()).contains("not found in checkpoint"))
          throw new IOException(
              "cannot read the EMA generator from "
                  + checkpointPrefix
                  + " (was the run trained with --ema?): "
                  + firstLine(e.getMessage()),
              e);
        throw Checkpoints.damaged(Path.of(checkpointPrefix).getParent(), e);
      }
      writeSavedModel(averaged, spec, precision, dir);
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }

  /**
   * With bf16 each layer casts its input and kernel to bfloat16 before its product and the result
   * back after it, so the graph's inputs and outputs stay float32: TF Serving and the clients see
   * the float32 model's signatures.
   */
  private static void writeSavedModel(
      String checkpointPrefix, ModelSpec spec, Precision precision, Path dir) throws IOException {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var z =
          tf.withName(SavedModelContract.INPUT_Z)
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latentSize())));
      var labels = spec.labelSource().input(tf, SavedModelContract.INPUT_LABELS);
      // bf16 keeps in fp32 the layers whose bfloat16 kernels compute wrongly on this machine.
      var layers = GanPrecision.forGeneration(spec, precision, CHECK_BATCH).generator();
      var generator = spec.newGenerator(Variables.restored(tf, "generator").computingIn(layers));
      var images =
          tf.withName(SavedModelContract.OUTPUT_IMAGES)
              .identity(
                  PixelRange.toImageRange(
                      tf,
                      generator
                          .forward(
                              tf,
                              z,
                              labels instanceof Labels.Given given
                                  ? Labels.of(onePerRow(tf, given.values(), z))
                                  : labels,
                              Mode.INFER)
                          .output()));
      Signature generate =
          generateSignature(graph, tf.withSubScope(SavedModelContract.GENERATE), generator, spec);
      var inputs = new LinkedHashMap<String, Operand<?>>();
      inputs.put(SavedModelContract.INPUT_Z, z);
      if (labels instanceof Labels.Given given)
        inputs.put(SavedModelContract.INPUT_LABELS, given.values());
      try (var session = new Session(graph)) {
        try {
          session.restore(checkpointPrefix);
        } catch (RuntimeException e) {
          boolean otherModel =
              e instanceof TFInvalidArgumentException // a shape differs
                  || String.valueOf(e.getMessage()).contains("not found in checkpoint");
          if (!otherModel) throw Checkpoints.damaged(Path.of(checkpointPrefix).getParent(), e);
          throw new IOException(
              "cannot restore the generator from "
                  + checkpointPrefix
                  + " (is it a checkpoint of this architecture and latent size?): "
                  + firstLine(e.getMessage()),
              e);
        }
        SavedModels.write(
            session, dir, inputs, Map.of(SavedModelContract.OUTPUT_IMAGES, images), generate);
      }
    }
  }

  /**
   * The {@code generate} signature: seed and count in, uint8 pixels and PNG files out, all in the
   * graph. A second inference-mode pass of the same G (same variables) draws from z =
   * StatelessRandomNormal([count, latent], [seed, 0]): stateless, so a seed gives the same images
   * every run and in every client. seed and count are reshaped to scalars, so the one-element
   * vectors that TF Serving's row format ({@code "instances"}) makes of them work too.
   *
   * <p>A conditional G's signature also takes {@code class} and returns {@code labels} (see {@link
   * SavedModelContract#INPUT_CLASS}): every image of that class, or for -1 classes drawn as
   * StatelessRandomUniformInt([count], [seed, 1], 0, classes), beside z's [seed, 0].
   */
  private static Signature generateSignature(
      Graph graph, Ops tf, Generator generator, ModelSpec spec) {
    var seed =
        tf.withName(SavedModelContract.INPUT_SEED)
            .placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    var count =
        tf.withName(SavedModelContract.INPUT_COUNT)
            .placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
    Operand<TInt64> seedScalar = tf.reshape(seed, tf.constant(new long[0]));
    Operand<TInt32> n = tf.reshape(count, tf.constant(new long[0]));
    var z =
        tf.random.statelessRandomNormal(
            tf.stack(List.of(n, tf.constant(spec.latentSize()))),
            tf.stack(List.of(seedScalar, tf.constant(0L))));
    // A G fed labels draws a class given or drawn from the seed; any other draws from z alone.
    var classInput =
        spec.labelSource().fed()
            ? tf.withName(SavedModelContract.INPUT_CLASS)
                .placeholder(TInt64.class, Placeholder.shape(Shape.scalar()))
            : null;
    Operand<TInt64> labels =
        classInput == null
            ? null
            : tf.withName(SavedModelContract.OUTPUT_LABELS)
                .identity(classes(tf, classInput, seedScalar, n, spec.classes()));
    var fed = labels == null ? Labels.NONE : Labels.of(labels);
    var images = PixelRange.toImageRange(tf, generator.forward(tf, z, fed, Mode.INFER).output());
    var uint8 =
        tf.withName(SavedModelContract.OUTPUT_IMAGES_UINT8)
            .dtypes
            .cast(
                tf.math.round(
                    tf.clipByValue(
                        tf.math.mul(images, tf.constant(255f)),
                        tf.constant(0f),
                        tf.constant(255f))),
                TUint8.class);
    var png =
        tf.withName(SavedModelContract.OUTPUT_PNG_BYTES).identity(encodePngs(graph, tf, uint8, n));
    var signature =
        Signature.builder()
            .key(SavedModelContract.GENERATE)
            .methodName(SavedModelContract.PREDICT_METHOD)
            .input(SavedModelContract.INPUT_SEED, seed)
            .input(SavedModelContract.INPUT_COUNT, count);
    if (classInput != null) signature.input(SavedModelContract.INPUT_CLASS, classInput);
    signature
        .output(SavedModelContract.OUTPUT_IMAGES_UINT8, uint8)
        .output(SavedModelContract.OUTPUT_PNG_BYTES, png);
    if (labels != null) signature.output(SavedModelContract.OUTPUT_LABELS, labels);
    return signature.build();
  }

  /**
   * The labels, once the graph has checked there is one per row of z: G's embedding would otherwise
   * broadcast a single label over every row, which the Java API refuses.
   */
  private static Operand<TInt64> onePerRow(Ops tf, Operand<TInt64> labels, Operand<TFloat32> z) {
    Operand<TInt64> rows = tf.gather(tf.shape(z, TInt64.class), tf.constant(0), tf.constant(0));
    var check =
        tf.assertThat(
            tf.math.equal(tf.size(labels, TInt64.class), rows),
            List.of(tf.constant("labels must hold one class per row of z")));
    return tf.withControlDependencies(List.of(check)).identity(labels);
  }

  /**
   * int64 [n]: {@code classInput} n times, or for -1 n classes drawn uniformly from [0, classes)
   * with the stateless stream [seed, 1]. A class below -1 fails the graph's assertion, one >=
   * classes G's embedding lookup.
   */
  private static Operand<TInt64> classes(
      Ops tf, Operand<TInt64> classInput, Operand<TInt64> seed, Operand<TInt32> n, int classes) {
    Operand<TInt64> asked = tf.reshape(classInput, tf.constant(new long[0]));
    // -1 draws the classes; -2 and below are refused, as the Java API refuses them.
    var check =
        tf.assertThat(
            tf.math.less(tf.constant(-2L), asked),
            List.of(tf.constant("class must be -1 (drawn) or a class index")));
    Operand<TInt64> chosen = tf.withControlDependencies(List.of(check)).identity(asked);
    Operand<TInt32> shape = tf.reshape(n, tf.constant(new long[] {1}));
    var drawn =
        tf.random.statelessRandomUniformInt(
            shape,
            tf.stack(List.of(seed, tf.constant(1L))),
            tf.constant(0L),
            tf.constant((long) classes));
    var same = tf.fill(shape, chosen);
    return tf.select(tf.math.less(chosen, tf.constant(0L)), drawn, same);
  }

  /**
   * {@code EncodePng} takes one image, so an in-graph while loop encodes {@code images[i]} for i in
   * [0, n) into a TensorArray of strings. The loop's subgraphs cannot see outer tensors, so the
   * images, n and the TensorArray's handle travel as loop variables.
   */
  @SuppressWarnings("unchecked")
  private static Operand<TString> encodePngs(
      Graph graph, Ops tf, Operand<TUint8> images, Operand<TInt32> n) {
    TensorArray array = tf.tensorArray(n, TString.class, TensorArray.elementShape(Shape.scalar()));
    Output<?>[] loop =
        graph.whileLoop(
            new Output<?>[] {
              tf.constant(0).asOutput(),
              n.asOutput(),
              images.asOutput(),
              array.handle(),
              array.flow()
            },
            (cond, in, out) -> {
              Ops c = Ops.create(cond);
              out[0] = c.math.less((Output<TInt32>) in[0], (Output<TInt32>) in[1]).z();
            },
            (body, in, out) -> {
              Ops b = Ops.create(body);
              var i = (Output<TInt32>) in[0];
              var png = b.image.encodePng(b.gather((Output<TUint8>) in[2], i, b.constant(0)));
              out[0] = b.math.add(i, b.constant(1)).z();
              out[1] = b.identity(in[1]).output();
              out[2] = b.identity(in[2]).output();
              out[3] = b.identity(in[3]).output();
              out[4] = b.tensorArrayWrite(in[3], i, png, (Output<TFloat32>) in[4]).flowOut();
            },
            tf.scope().makeOpName("encode_png"));
    return tf.tensorArrayGather(
        loop[3],
        tf.range(tf.constant(0), n, tf.constant(1)),
        (Output<TFloat32>) loop[4],
        TString.class,
        TensorArrayGather.elementShape(Shape.scalar()));
  }

  static String firstLine(String s) {
    if (s == null) return "";
    s = s.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** This build's version, from the jar manifest; "dev" when run from classes. */
  public static String projectVersion() {
    String v = GeneratorExporter.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
