/*
 * Fuzz harness for the protobuf reader of interop/c/dcgan_client.c: reads a saved_model.pb, takes
 * its first MetaGraphDef as TF_LoadSessionFromSavedModel would hand it over, and resolves every
 * signature tensor the client uses, without TensorFlow. It prints "signature alias op:index" per
 * tensor and exits 0, or exits 1 with the client's one-line message. A crash, a sanitizer report
 * or a hang is a bug in the reader (SignatureReaderFuzzTest).
 *
 * Build: cc -std=c11 -O2 -I interop/c -o signature_reader signature_reader.c
 */
#define DCGAN_CLIENT_NO_MAIN
#include "dcgan_client.c"

static const struct {
  const char *signature;
  int io_field;
  const char *alias;
} TENSORS[] = {
    {"serving_default", 1, "z"},       {"serving_default", 2, "images"},
    {"generate", 1, "seed"},           {"generate", 1, "count"},
    {"generate", 2, "images_uint8"},   {"generate", 2, "png_bytes"},
};

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: signature_reader SAVED_MODEL_PB\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) die("cannot open", argv[1]);
  static uint8_t saved_model[1 << 20];
  size_t length = fread(saved_model, 1, sizeof saved_model, f);
  fclose(f);

  /* SavedModel.meta_graphs is field 2; TensorFlow would reject a damaged one, this reads on. */
  Reader r = {saved_model, saved_model + length};
  Field field;
  TF_Buffer meta = {NULL, 0, NULL};
  while (next_field(&r, &field) > 0) {
    if (field.number == 2 && field.wire_type == 2) {
      meta.data = field.bytes;
      meta.length = field.length;
      break;
    }
  }
  if (!meta.data) die("no MetaGraphDef in", argv[1]);

  for (size_t i = 0; i < sizeof TENSORS / sizeof TENSORS[0]; i++) {
    char name[TENSOR_NAME_MAX];
    int index;
    signature_tensor_name(&meta, TENSORS[i].signature, TENSORS[i].io_field, TENSORS[i].alias, name,
                          &index);
    printf("%s %s %s:%d\n", TENSORS[i].signature, TENSORS[i].alias, name, index);
  }
  return 0;
}
