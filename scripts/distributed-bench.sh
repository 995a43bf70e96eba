#!/usr/bin/env bash
# Issue 26's measurement on one machine: is `--workers 2` (2 processes x 1 TensorFlow thread,
# gradients all-reduced) as fast as 1 process x 2 threads, and what share of its step is the
# all-reduce? For the tutorial (28x28x1, MNIST) and dcgan (64x64x3, fake images) networks, batch
# BATCH (default 128), timed between step WARM and step STEPS of one run each (default 10 and 50):
#
#   one        ./dcgan train --threads 2 --inter-op-threads 1            (1 process x 2 threads)
#   workers    ./dcgan train --workers 2                                (2 processes x 1 thread)
#   apart      two ./dcgan train --threads 1 --batch-size BATCH/2 at once: the workers' compute
#              without the all-reduce (and without waiting for each other)
#
# The all-reduce's share of a --workers step is 1 - (apart's step time) / (workers' step time).
# Run it on an otherwise idle machine (about 10 minutes on 2 cores):
#
#   scripts/distributed-bench.sh > distributed-bench.jsonl
#
# One JSON line per (arch, setting): images_per_s (global), ms_per_step; then one line per arch
# with allreduce_share. Progress goes to stderr. Needs jq only to pretty-print (not used here).
set -euo pipefail
cd "$(dirname "$0")/.."

BATCH="${BATCH:-128}"
WARM="${WARM:-10}"
STEPS="${STEPS:-50}"
half=$((BATCH / 2))
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

./dcgan --help >/dev/null # builds once, before anything is timed

# Seconds between the progress lines of step WARM and step STEPS of a run's output (stdin).
span() {
  local t0="" t1=""
  while IFS= read -r line; do
    case "$line" in
      "step $WARM "*) t0="$(date +%s.%N)" ;;
      "step $STEPS "*) t1="$(date +%s.%N)" ;;
    esac
  done
  [[ -n "$t0" && -n "$t1" ]] || { echo "distributed-bench: a run printed no step $STEPS" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}

args() { # arch batch run-dir
  local data
  case "$1" in
    tutorial) data=(--arch tutorial) ;;
    dcgan) data=(--data fake --image-size 64 --channels 3 --arch dcgan) ;;
  esac
  echo "${data[@]} --batch-size $2 --limit $((BATCH * (STEPS + 1))) --epochs 1 --seed 1" \
    "--log-every 1 --no-progress-bar --no-export --run-dir $3"
}

json() { # arch setting seconds images-per-step
  local ips ms
  ips="$(echo "($STEPS - $WARM) * $4 / $3" | bc -l)"
  ms="$(echo "1000 * $3 / ($STEPS - $WARM)" | bc -l)"
  printf '{"arch":"%s","setting":"%s","batch":%d,"images_per_s":%.1f,"ms_per_step":%.1f}\n' \
    "$1" "$2" "$BATCH" "$ips" "$ms"
}

for arch in tutorial dcgan; do
  echo "distributed-bench: $arch, 1 process x 2 threads" >&2
  # shellcheck disable=SC2046
  s_one="$(./dcgan train $(args "$arch" "$BATCH" "$tmp/$arch-one") --threads 2 --inter-op-threads 1 | span)"
  json "$arch" one "$s_one" "$BATCH"

  echo "distributed-bench: $arch, 2 workers x 1 thread" >&2
  # shellcheck disable=SC2046
  s_workers="$(./dcgan train $(args "$arch" "$BATCH" "$tmp/$arch-workers") --workers 2 | span)"
  json "$arch" workers "$s_workers" "$BATCH"

  echo "distributed-bench: $arch, 2 independent processes x 1 thread, batch $half each" >&2
  # shellcheck disable=SC2046
  ./dcgan train $(args "$arch" "$half" "$tmp/$arch-apart-1") --threads 1 | span >"$tmp/apart-1" &
  # shellcheck disable=SC2046
  ./dcgan train $(args "$arch" "$half" "$tmp/$arch-apart-2") --threads 1 | span >"$tmp/apart-2"
  wait
  s_apart="$(echo "($(cat "$tmp/apart-1") + $(cat "$tmp/apart-2")) / 2" | bc -l)"
  json "$arch" apart "$s_apart" "$BATCH"

  printf '{"arch":"%s","allreduce_share":%.3f}\n' "$arch" \
    "$(echo "1 - $s_apart / $s_workers" | bc -l)"
done
