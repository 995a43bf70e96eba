#!/usr/bin/env bash
# Reruns the experiments of docs/performance.md, one JSON line each, on an otherwise idle machine:
#   scripts/perf-experiments.sh > perf.jsonl
# Needs Debian's python3-torch and libopenblas0-pthread for the peer lines.
set -euo pipefail
cd "$(dirname "$0")/.."
./dcgan --help >/dev/null # build first
common=(bench --json --steps 20 --warmup 3 --memory-steps 0 --no-startup)
run() { echo "# $*" >&2; "$@"; }
run ./dcgan "${common[@]}"                                    # baseline: oneDNN on, TF's thread defaults
TF_ENABLE_ONEDNN_OPTS=0 run ./dcgan "${common[@]}"             # oneDNN off
run ./dcgan "${common[@]}" --threads 2 --inter-op-threads 1
run ./dcgan "${common[@]}" --threads 2 --inter-op-threads 2
run ./dcgan "${common[@]}" --threads 1 --inter-op-threads 2
run ./dcgan "${common[@]}" --remapper
run ./dcgan "${common[@]}" --xla || echo '{"xla": "failed"}'
for b in 64 128; do run ./dcgan "${common[@]}" --batch-size "$b"; done
if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  run /usr/bin/python3 scripts/peer/torch_dcgan.py bench --batch 256 --threads 2
fi
