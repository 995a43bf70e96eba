/*
 * dcgan_client: runs an exported DCGAN generator through TensorFlow's C API, the API that the Go,
 * Rust and C# bindings wrap. No TensorFlow headers are needed: the few public C API functions used
 * are declared below, and the program links against the libtensorflow_cc / libtensorflow_framework
 * shipped in TF Java's native jar (or any libtensorflow 2.x).
 *
 *   dcgan_client MODEL_DIR serving_default Z_FILE COUNT OUT_FILE [LABELS_FILE]
 *       Z_FILE holds COUNT rows of latent float32 values (native byte order); the images
 *       (float32, NHWC, values in [0, 1]) are written to OUT_FILE. A class-conditional model
 *       also needs LABELS_FILE: COUNT int64 class indices (native byte order), one per row of z.
 *   dcgan_client MODEL_DIR generate SEED COUNT OUT_DIR [CLASS]
 *       writes OUT_DIR/images_uint8.raw (uint8, NHWC) and OUT_DIR/imageNNNN.png. A
 *       class-conditional model draws images of CLASS (an index; -1, the default, draws the
 *       classes uniformly) and also writes OUT_DIR/labels.i64, the class of each image (int64).
 *
 * Tensors are found through the signature (MetaGraphDef.signature_def), read with a minimal
 * protobuf reader, so the program depends on the signature's names only, as TF Serving does.
 * Each run prints the shape of what it wrote on stdout, e.g. "images 4 28 28 1".
 * Exit codes: 0 success, 1 failure, 2 bad usage.
 *
 * Build: cc -O2 -o dcgan_client dcgan_client.c -L"$LIB" -l:libtensorflow_cc.so.2 \
 *            -l:libtensorflow_framework.so.2 -Wl,-rpath,"$LIB"
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- The TensorFlow C API (tensorflow/c/c_api.h, tf_tensor.h, tf_tstring.h), as much as used. */
typedef struct TF_Status TF_Status;
typedef struct TF_Graph TF_Graph;
typedef struct TF_Session TF_Session;
typedef struct TF_SessionOptions TF_SessionOptions;
typedef struct TF_Operation TF_Operation;
typedef struct TF_Tensor TF_Tensor;
typedef struct TF_Buffer {
  const void *data;
  size_t length;
  void (*data_deallocator)(void *data, size_t length);
} TF_Buffer;
typedef struct TF_Output {
  TF_Operation *oper;
  int index;
} TF_Output;
/* tensorflow::tstring's C layout: 24 bytes, read only through the two accessors below. */
typedef struct TF_TString {
  union {
    char raw[24];
    size_t align;
  } u;
} TF_TString;
typedef enum TF_DataType { TF_FLOAT = 1, TF_INT32 = 3, TF_UINT8 = 4, TF_STRING = 7, TF_INT64 = 9 } TF_DataType;
typedef enum TF_Code { TF_OK = 0 } TF_Code;

extern TF_Status *TF_NewStatus(void);
extern void TF_DeleteStatus(TF_Status *);
extern TF_Code TF_GetCode(const TF_Status *);
extern const char *TF_Message(const TF_Status *);
extern TF_Graph *TF_NewGraph(void);
extern void TF_DeleteGraph(TF_Graph *);
extern TF_Operation *TF_GraphOperationByName(TF_Graph *, const char *oper_name);
extern TF_SessionOptions *TF_NewSessionOptions(void);
extern void TF_DeleteSessionOptions(TF_SessionOptions *);
extern TF_Buffer *TF_NewBuffer(void);
extern void TF_DeleteBuffer(TF_Buffer *);
extern TF_Session *TF_LoadSessionFromSavedModel(const TF_SessionOptions *session_options,
    const TF_Buffer *run_options, const char *export_dir, const char *const *tags, int tags_len,
    TF_Graph *graph, TF_Buffer *meta_graph_def, TF_Status *status);
extern void TF_CloseSession(TF_Session *, TF_Status *);
extern void TF_DeleteSession(TF_Session *, TF_Status *);
extern void TF_SessionRun(TF_Session *session, const TF_Buffer *run_options, const TF_Output *inputs,
    TF_Tensor *const *input_values, int ninputs, const TF_Output *outputs, TF_Tensor **output_values,
    int noutputs, const TF_Operation *const *target_opers, int ntargets, TF_Buffer *run_metadata,
    TF_Status *status);
extern TF_Tensor *TF_AllocateTensor(TF_DataType, const int64_t *dims, int num_dims, size_t len);
extern void TF_DeleteTensor(TF_Tensor *);
extern TF_DataType TF_TensorType(const TF_Tensor *);
extern int TF_NumDims(const TF_Tensor *);
extern int64_t TF_Dim(const TF_Tensor *, int dim_index);
extern size_t TF_TensorByteSize(const TF_Tensor *);
extern int64_t TF_TensorElementCount(const TF_Tensor *);
extern void *TF_TensorData(const TF_Tensor *);
extern const char *TF_StringGetDataPointer(const TF_TString *);
extern size_t TF_StringGetSize(const TF_TString *);

/* ---- A minimal protobuf wire-format reader: just enough to walk MetaGraphDef.signature_def. */
typedef struct {
  const uint8_t *p;
  const uint8_t *end;
} Reader;

typedef struct {
  int number;
  int wire_type;
  uint64_t varint;       /* wire type 0 */
  const uint8_t *bytes;  /* wire type 2 */
  size_t length;         /* wire type 2 */
} Field;

static int read_varint(Reader *r, uint64_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && r->p < r->end; shift += 7) {
    uint8_t b = *r->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return 1;
    }
  }
  return 0;
}

/* Reads the next field; returns 1, 0 at the end, -1 on malformed input. */
static int next_field(Reader *r, Field *f) {
  uint64_t tag, len;
  if (r->p >= r->end) return 0;
  if (!read_varint(r, &tag)) return -1;
  f->number = (int)(tag >> 3);
  f->wire_type = (int)(tag & 7);
  switch (f->wire_type) {
    case 0: return read_varint(r, &f->varint) ? 1 : -1;
    case 1: if (r->end - r->p < 8) return -1; r->p += 8; return 1;
    case 5: if (r->end - r->p < 4) return -1; r->p += 4; return 1;
    case 2:
      if (!read_varint(r, &len) || len > (uint64_t)(r->end - r->p)) return -1;
      f->bytes = r->p;
      f->length = (size_t)len;
      r->p += len;
      return 1;
    default: return -1;
  }
}

static int bytes_equal(const uint8_t *b, size_t n, const char *s) {
  return strlen(s) == n && memcmp(b, s, n) == 0;
}

/*
 * In a message holding `map<string, V> field_number`, finds the value of `key`.
 * Map entries are messages with the key in field 1 and the value in field 2.
 */
static int map_lookup(const uint8_t *msg, size_t len, int field_number, const char *key,
                      const uint8_t **value, size_t *value_len) {
  Reader r = {msg, msg + len};
  Field f;
  int st;
  while ((st = next_field(&r, &f)) > 0) {
    if (f.number != field_number || f.wire_type != 2) continue;
    Reader e = {f.bytes, f.bytes + f.length};
    Field ef;
    int found_key = 0;
    const uint8_t *v = NULL;
    size_t vlen = 0;
    while (next_field(&e, &ef) > 0) {
      if (ef.number == 1 && ef.wire_type == 2) found_key = bytes_equal(ef.bytes, ef.length, key);
      if (ef.number == 2 && ef.wire_type == 2) { v = ef.bytes; vlen = ef.length; }
    }
    if (found_key) {
      *value = v ? v : (const uint8_t *)"";
      *value_len = vlen;
      return 1;
    }
  }
  return 0;
}

/* ---- The program. */
#define TENSOR_NAME_MAX 256
static TF_Status *status;

static void die(const char *what, const char *detail) {
  fprintf(stderr, "dcgan_client: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

static void check(const char *what) {
  if (TF_GetCode(status) != TF_OK) die(what, TF_Message(status));
}

/*
 * Finds a signature's input (map field 1) or output (map field 2) alias in the MetaGraphDef:
 * SignatureDef.{inputs,outputs}[alias].name is "op_name:index". Exits with a message when the
 * signature or the alias is missing, or the name is not of that form.
 */
/* TensorFlow's node names: [A-Za-z0-9.][A-Za-z0-9_.\-/>]*; anything else is a damaged model. */
static int is_op_name(const char *s) {
  if (!isalnum((unsigned char)s[0]) && s[0] != '.') return 0;
  for (const char *p = s + 1; *p; p++)
    if (!isalnum((unsigned char)*p) && !strchr("_.-/>", *p)) return 0;
  return 1;
}

static void signature_tensor_name(const TF_Buffer *meta, const char *signature, int io_field,
                                  const char *alias, char name[TENSOR_NAME_MAX], int *index) {
  const uint8_t *sig, *info;
  size_t sig_len, info_len;
  char message[512];
  if (!map_lookup(meta->data, meta->length, 5, signature, &sig, &sig_len)) {
    snprintf(message, sizeof message, "the SavedModel has no signature '%s'", signature);
    die(message, NULL);
  }
  if (!map_lookup(sig, sig_len, io_field, alias, &info, &info_len)) {
    snprintf(message, sizeof message, "signature '%s' has no %s '%s'", signature,
             io_field == 1 ? "input" : "output", alias);
    die(message, NULL);
  }
  Reader r = {info, info + info_len};
  Field f;
  int st;
  size_t name_len = 0;
  name[0] = '\0';
  while ((st = next_field(&r, &f)) > 0) {
    if (f.number == 1 && f.wire_type == 2 && f.length < TENSOR_NAME_MAX) {
      memcpy(name, f.bytes, f.length);
      name[f.length] = '\0';
      name_len = f.length;
    }
  }
  if (strlen(name) != name_len) name[0] = '\0'; /* a NUL inside the name: damaged */
  /* A name with no index means output 0, as in TensorFlow; anything else is a damaged model. */
  char *colon = strrchr(name, ':');
  char *end = NULL;
  long parsed = 0;
  if (colon) {
    errno = 0;
    parsed = strtol(colon + 1, &end, 10);
    *colon = '\0';
  }
  if (st < 0 || !is_op_name(name) ||
      (colon && (end == colon + 1 || *end || errno || parsed < 0 || parsed > INT32_MAX))) {
    snprintf(message, sizeof message,
             "signature '%s': the tensor of %s '%s' has no name of the form op:index (damaged model?)",
             signature, io_field == 1 ? "input" : "output", alias);
    die(message, NULL);
  }
  *index = (int)parsed;
}

/* Resolves a signature's input or output alias to a graph tensor. */
static TF_Output signature_tensor(TF_Graph *graph, const TF_Buffer *meta, const char *signature,
                                  int io_field, const char *alias) {
  char name[TENSOR_NAME_MAX], message[512];
  int index;
  signature_tensor_name(meta, signature, io_field, alias, name, &index);
  TF_Operation *op = TF_GraphOperationByName(graph, name);
  if (!op) {
    snprintf(message, sizeof message, "signature '%s': tensor '%s' of '%s' is not in the graph", signature, name,
             alias);
    die(message, NULL);
  }
  TF_Output out = {op, index};
  return out;
}

/* Whether a signature has an input (1) or output (2) alias: a class-conditional model has labels. */
static int signature_has(const TF_Buffer *meta, const char *signature, int io_field, const char *alias) {
  const uint8_t *sig, *info;
  size_t sig_len, info_len;
  return map_lookup(meta->data, meta->length, 5, signature, &sig, &sig_len) &&
         map_lookup(sig, sig_len, io_field, alias, &info, &info_len);
}

static void print_shape(const char *alias, const TF_Tensor *t) {
  printf("%s", alias);
  for (int d = 0; d < TF_NumDims(t); d++) printf(" %" PRId64, TF_Dim(t, d));
  printf("\n");
}

static void write_file(const char *path, const void *data, size_t length) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, length, f) != length || fclose(f) != 0) die("cannot write", path);
}

static void require_type(const TF_Tensor *t, TF_DataType type, const char *alias) {
  if (TF_TensorType(t) != type) die("unexpected dtype of output", alias);
}

/* Reads COUNT int64 labels; NULL file: none. */
static TF_Tensor *read_labels(const char *labels_file, long count) {
  FILE *f = fopen(labels_file, "rb");
  if (!f) die("cannot open", labels_file);
  int64_t dims[1] = {count};
  size_t bytes = (size_t)count * sizeof(int64_t);
  TF_Tensor *labels = TF_AllocateTensor(TF_INT64, dims, 1, bytes);
  if (fread(TF_TensorData(labels), 1, bytes, f) != bytes || fgetc(f) != EOF)
    die("LABELS_FILE does not hold COUNT int64 labels", labels_file);
  fclose(f);
  return labels;
}

static int run_serving_default(TF_Session *session, TF_Graph *graph, const TF_Buffer *meta, const char *z_file,
                               long count, const char *out_file, const char *labels_file) {
  FILE *f = fopen(z_file, "rb");
  if (!f) die("cannot open", z_file);
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (bytes <= 0 || bytes % (4 * count) != 0) die("Z_FILE does not hold COUNT rows of float32", z_file);
  int64_t dims[2] = {count, bytes / 4 / count};
  TF_Tensor *z = TF_AllocateTensor(TF_FLOAT, dims, 2, (size_t)bytes);
  if (fread(TF_TensorData(z), 1, (size_t)bytes, f) != (size_t)bytes) die("cannot read", z_file);
  fclose(f);

  if (!labels_file && signature_has(meta, "serving_default", 1, "labels"))
    die("the model is class-conditional: pass LABELS_FILE, one int64 class per row of z", NULL);
  TF_Output inputs[2] = {signature_tensor(graph, meta, "serving_default", 1, "z"), {NULL, 0}};
  TF_Tensor *values[2] = {z, NULL};
  int ninputs = 1;
  if (labels_file) {
    inputs[1] = signature_tensor(graph, meta, "serving_default", 1, "labels");
    values[1] = read_labels(labels_file, count);
    ninputs = 2;
  }
  TF_Output output = signature_tensor(graph, meta, "serving_default", 2, "images");
  TF_Tensor *images = NULL;
  TF_SessionRun(session, NULL, inputs, values, ninputs, &output, &images, 1, NULL, 0, NULL, status);
  for (int i = 0; i < ninputs; i++) TF_DeleteTensor(values[i]);
  check("running serving_default");
  require_type(images, TF_FLOAT, "images");
  write_file(out_file, TF_TensorData(images), TF_TensorByteSize(images));
  print_shape("images", images);
  TF_DeleteTensor(images);
  return 0;
}

/* has_class: CLASS was given; a class-conditional model (a 'class' input) takes -1 without it. */
static int run_generate(TF_Session *session, TF_Graph *graph, const TF_Buffer *meta, int64_t seed, int32_t count,
                        const char *out_dir, int has_class, int64_t cls) {
  int conditional = has_class || signature_has(meta, "generate", 1, "class");
  int n = conditional ? 3 : 2;
  TF_Tensor *inputs[3] = {TF_AllocateTensor(TF_INT64, NULL, 0, sizeof(int64_t)),
                          TF_AllocateTensor(TF_INT32, NULL, 0, sizeof(int32_t)), NULL};
  memcpy(TF_TensorData(inputs[0]), &seed, sizeof seed);
  memcpy(TF_TensorData(inputs[1]), &count, sizeof count);
  TF_Output in[3] = {signature_tensor(graph, meta, "generate", 1, "seed"),
                     signature_tensor(graph, meta, "generate", 1, "count"), {NULL, 0}};
  TF_Output out[3] = {signature_tensor(graph, meta, "generate", 2, "images_uint8"),
                      signature_tensor(graph, meta, "generate", 2, "png_bytes"), {NULL, 0}};
  if (conditional) {
    inputs[2] = TF_AllocateTensor(TF_INT64, NULL, 0, sizeof(int64_t));
    memcpy(TF_TensorData(inputs[2]), &cls, sizeof cls);
    in[2] = signature_tensor(graph, meta, "generate", 1, "class");
    out[2] = signature_tensor(graph, meta, "generate", 2, "labels");
  }
  TF_Tensor *results[3] = {NULL, NULL, NULL};
  TF_SessionRun(session, NULL, in, inputs, n, out, results, n, NULL, 0, NULL, status);
  for (int i = 0; i < n; i++) TF_DeleteTensor(inputs[i]);
  check("running generate");
  require_type(results[0], TF_UINT8, "images_uint8");
  require_type(results[1], TF_STRING, "png_bytes");
  if (conditional) require_type(results[2], TF_INT64, "labels");

  char path[4096];
  snprintf(path, sizeof path, "%s/images_uint8.raw", out_dir);
  write_file(path, TF_TensorData(results[0]), TF_TensorByteSize(results[0]));
  const TF_TString *pngs = TF_TensorData(results[1]);
  for (int64_t i = 0; i < TF_TensorElementCount(results[1]); i++) {
    snprintf(path, sizeof path, "%s/image%04" PRId64 ".png", out_dir, i);
    write_file(path, TF_StringGetDataPointer(&pngs[i]), TF_StringGetSize(&pngs[i]));
  }
  print_shape("images_uint8", results[0]);
  print_shape("png_bytes", results[1]);
  if (conditional) {
    snprintf(path, sizeof path, "%s/labels.i64", out_dir);
    write_file(path, TF_TensorData(results[2]), TF_TensorByteSize(results[2]));
    print_shape("labels", results[2]);
  }
  for (int i = 0; i < n; i++) TF_DeleteTensor(results[i]);
  return 0;
}

static long parse_long(const char *s, const char *what) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end || end == s) {
    fprintf(stderr, "dcgan_client: %s must be an integer, got '%s'\n", what, s);
    exit(2);
  }
  return (long)v;
}

/* Defined by a test harness that reuses the reader above with a main of its own. */
#ifndef DCGAN_CLIENT_NO_MAIN
int main(int argc, char **argv) {
  if ((argc != 6 && argc != 7) || (strcmp(argv[2], "serving_default") && strcmp(argv[2], "generate"))) {
    fprintf(stderr,
            "usage: dcgan_client MODEL_DIR serving_default Z_FILE COUNT OUT_FILE [LABELS_FILE]\n"
            "       dcgan_client MODEL_DIR generate SEED COUNT OUT_DIR [CLASS]\n");
    return 2;
  }
  const char *model_dir = argv[1];
  int serving_default = strcmp(argv[2], "serving_default") == 0;
  long count = parse_long(argv[4], "COUNT");
  int has_class = !serving_default && argc == 7;
  long cls = has_class ? parse_long(argv[6], "CLASS") : -1;
  if (cls < -1) {
    fprintf(stderr, "dcgan_client: CLASS must be a class index or -1, got %ld\n", cls);
    return 2;
  }
  if (count < 1 || count > INT32_MAX) {
    fprintf(stderr, "dcgan_client: COUNT must be at least 1, got %ld\n", count);
    return 2;
  }

  status = TF_NewStatus();
  TF_Graph *graph = TF_NewGraph();
  TF_SessionOptions *options = TF_NewSessionOptions();
  TF_Buffer *meta = TF_NewBuffer();
  const char *tags[] = {"serve"};
  TF_Session *session = TF_LoadSessionFromSavedModel(options, NULL, model_dir, tags, 1, graph, meta, status);
  check("loading the SavedModel");

  int rc = serving_default
      ? run_serving_default(session, graph, meta, argv[3], count, argv[5], argc == 7 ? argv[6] : NULL)
      : run_generate(session, graph, meta, (int64_t)parse_long(argv[3], "SEED"), (int32_t)count, argv[5],
                     has_class, (int64_t)cls);

  TF_CloseSession(session, status);
  TF_DeleteSession(session, status);
  TF_DeleteBuffer(meta);
  TF_DeleteSessionOptions(options);
  TF_DeleteGraph(graph);
  TF_DeleteStatus(status);
  return rc;
}
#endif
