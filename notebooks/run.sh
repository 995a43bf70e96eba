#!/usr/bin/env bash
# Executes every notebook in notebooks/ under Jupyter with the Java kernel rapaio-jupyter-kernel,
# in file-name order, and exits non-zero on the first cell error.
#
#   notebooks/run.sh                   build the project, then run all notebooks
#   notebooks/run.sh 02-*.ipynb        run only these (names relative to notebooks/)
#   notebooks/run.sh --kernel-only     only install the kernelspec (print the JUPYTER_PATH to use)
#
# Jupyter comes from Debian (jupyter-nbconvert, python3-nbclient, python3-ipykernel), installed
# with apt-get when missing, and runs as /usr/bin/jupyter, never a pyenv or virtualenv Python.
# The kernel jar comes from Maven Central. The project's jars (dcgan-train/target/dcgan-train.jar
# and dcgan-train/target/lib/*.jar) go on the kernel's classpath through its kernelspec, so the
# notebooks need no %jar magic. Executed copies and each run's log go to notebooks/target/executed/
# (outputs are never committed). DCGAN_SKIP_BUILD=1 skips the Maven build (test.sh sets it: verify just built).
#
# The kernel sometimes fails to start: its shell thread can take the first kernel_info_request
# before its handlers are set and die of a NullPointerException, after which Jupyter reports
# "Kernel didn't respond in N seconds" (or "Kernel died before replying to kernel_info"). That
# case alone is retried, up to $TRIES tries. A cell error is never retried.
set -euo pipefail
cd "$(dirname "$0")"
NOTEBOOKS="$PWD"
ROOT="$(cd .. && pwd)"
KERNEL_VERSION=3.0.1
KERNEL_NAME=dcgan-java
WORK="$NOTEBOOKS/target"
JUPYTER=/usr/bin/jupyter
CELL_TIMEOUT="${DCGAN_NOTEBOOK_CELL_TIMEOUT:-900}"
# Starting takes 1-3 s here; a kernel that has not answered in STARTUP_TIMEOUT never will.
STARTUP_TIMEOUT=30
TRIES=8

kernel_only=0
if [[ "${1:-}" == "--kernel-only" ]]; then kernel_only=1; shift; fi

log() { echo "notebooks: $*" >&2; }

# --- Jupyter from Debian
if [[ ! -x "$JUPYTER" ]] || ! /usr/bin/python3 -c 'import nbclient, nbconvert, ipykernel' 2>/dev/null; then
  log "installing Jupyter from Debian (jupyter-nbconvert python3-nbclient python3-ipykernel)"
  SUDO=""
  [[ "$(id -u)" == 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    jupyter-nbconvert python3-nbclient python3-ipykernel >&2
fi

# --- The project's jars
if [[ "${DCGAN_SKIP_BUILD:-0}" != 1 || ! -f "$ROOT/dcgan-train/target/dcgan-train.jar" ]]; then
  log "building the project (mvn package)"
  (cd "$ROOT" && mvn -q -B -ntp -DskipTests package) >&2
fi
# The kernel reads RJK_CLASSPATH as ';'-separated globs.
classpath="$ROOT/dcgan-train/target/dcgan-train.jar;$ROOT/dcgan-train/target/lib/*.jar"

# --- The kernel jar and a kernelspec of our own, in a JUPYTER_PATH that nothing else uses
mkdir -p "$WORK/kernel"
kernel_jar="$WORK/kernel/rapaio-jupyter-kernel-$KERNEL_VERSION.jar"
if [[ ! -f "$kernel_jar" ]]; then
  log "fetching io.github.padreati:rapaio-jupyter-kernel:$KERNEL_VERSION"
  (cd "$ROOT" && mvn -q -B -ntp -N dependency:copy \
    -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$KERNEL_VERSION" -DoutputDirectory="$WORK/kernel") >&2
fi
spec_dir="$WORK/jupyter/kernels/$KERNEL_NAME"
mkdir -p "$spec_dir"
/usr/bin/python3 - "$spec_dir/kernel.json" "$kernel_jar" "$classpath" "$KERNEL_VERSION" "$WORK/kernel/mima_cache" <<'PY'
import json, sys
path, jar, classpath, version, mima_cache = sys.argv[1:]
json.dump({
    "argv": ["java", "-jar", jar, "{connection_file}"],
    "display_name": "Java (dcgan-java, rjk " + version + ")",
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        "RJK_CLASSPATH": classpath,
        "RJK_COMPILER_OPTIONS": "",
        "RJK_INIT_SCRIPT": "",
        "RJK_TIMEOUT_MILLIS": "-1",
        "RJK_MIMA_CACHE": mima_cache,  # where dependency magics would download to
        # TensorFlow reads these when its native library loads: oneDNN kernels, a quiet log.
        "TF_ENABLE_ONEDNN_OPTS": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    },
}, open(path, "w"), indent=2)
PY
export JUPYTER_PATH="$WORK/jupyter"
if (( kernel_only )); then
  log "kernel '$KERNEL_NAME' installed; start Jupyter with JUPYTER_PATH=$JUPYTER_PATH"
  echo "$JUPYTER_PATH"
  exit 0
fi

# --- Execute
if (( $# )); then notebooks=("$@"); else notebooks=(*.ipynb); fi
out="$WORK/executed"
rm -rf "$out"
mkdir -p "$out"
start_all=$SECONDS
passed=0
# The last line is the plain "N passed, N failed" that CI reads, whatever happened.
fail() {
  log "FAILED: $1"
  echo "notebooks: $passed passed, 1 failed"
  exit 1
}
for nb in "${notebooks[@]}"; do
  [[ -f "$nb" ]] || { log "no such notebook: $nb"; exit 2; }
  for (( try = 1; ; try++ )); do
    start=$SECONDS
    log "executing $nb (try $try)"
    log_file="$out/${nb%.ipynb}.log"
    if "$JUPYTER" nbconvert --to notebook --execute \
        --ExecutePreprocessor.kernel_name="$KERNEL_NAME" \
        --ExecutePreprocessor.timeout="$CELL_TIMEOUT" \
        --ExecutePreprocessor.startup_timeout="$STARTUP_TIMEOUT" \
        --output-dir "$out" "$nb" >"$log_file" 2>&1; then
      log "$nb ok in $(( SECONDS - start )) s -> $out/$nb"
      passed=$(( passed + 1 ))
      break
    fi
    # Only a kernel that never came up is retried; a cell error, or a kernel that died while
    # running a cell, fails the run.
    if grep -q "CellExecutionError\|DeadKernelError" "$log_file" \
        || ! grep -q "Kernel died before replying to kernel_info\|Kernel didn't respond in" "$log_file"; then
      cat "$log_file" >&2
      fail "$nb"
    fi
    if (( try >= TRIES )); then
      cat "$log_file" >&2
      fail "$nb: the kernel did not start in $TRIES tries"
    fi
    mv "$log_file" "$out/${nb%.ipynb}.try$try.log"
    log "the kernel did not start ($(grep -o "Kernel died before replying to kernel_info\|Kernel didn't respond in [0-9]* seconds" "$out/${nb%.ipynb}.try$try.log" | head -1)); retrying"
  done
done
log "${#notebooks[@]} notebooks in $(( SECONDS - start_all )) s"
echo "notebooks: $passed passed, 0 failed"
