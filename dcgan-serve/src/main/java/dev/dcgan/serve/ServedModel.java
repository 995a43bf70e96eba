package dev.dcgan.serve;

import com.google.gson.JsonObject;
import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.Latents;

/**
 * One loaded version of a model, with the batcher its {@code serving_default} requests go through.
 *
 * @param name the model's name, its base folder's name
 * @param version the version folder's number
 * @param model the generator
 * @param batcher batches its {@code serving_default} runs
 * @param signatureDefs the signatures as {@code /metadata} prints them
 */
record ServedModel(
    String name, long version, DcganModel model, Batcher batcher, JsonObject signatureDefs)
    implements AutoCloseable {

  /** K of the model's latent code, 0 for none. */
  int latentCodeSize() {
    return Latents.latentCodeSize(model);
  }

  /** Stops the batcher, then frees the model once its running calls are done. */
  @Override
  public void close() {
    batcher.close();
    model.close();
  }
}
