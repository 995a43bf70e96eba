#!/usr/bin/env bash
# The data of docs/performance.md's "cost as the work grows": training images/s and seconds per
# epoch of 60000 images against image size, batch size and threads, for both architectures, with
# the PyTorch peer beside ours where it has the model. One axis is varied at a time around a base
# point (not the full cross product), sized for about 30 minutes on 2 idle cores (an estimate):
#
#   base points   tutorial 28x28x1 and dcgan 64x64x3, batch 128, 2 threads, float32
#   image size    tutorial 28, 32, 64; dcgan 32, 64
#   batch size    32, 64, 128, 256, 512
#   threads       1, 2
#   precision     every point in float32 and in bf16 (PRECISIONS="float32" for float32 only)
#
#   scripts/perf-matrix.sh > perf-matrix.jsonl        # on an otherwise idle machine
#   ONLY="tutorial:base:base dcgan:batch:64" scripts/perf-matrix.sh   # only these ARCH:AXIS:VALUE points
#   jshell -R-Djava.awt.headless=true --class-path "dcgan-train/target/lib/*" \
#     -R-Din=perf-matrix.jsonl -R-Dout=docs/performance-cost.png scripts/perf-matrix.jsh
#
# One JSON line per measurement on stdout: arch, size, channels, batch, threads, precision, axis
# (the one varied; "base" for the base point), who (ours or peer), images_per_s, seconds_per_epoch,
# ms_per_step. Progress goes to stderr. Each point is timed over about IMAGES images (default 2560)
# after 2 warm-up steps; ours and the peer alternate point by point.
# Needs jq; the peer needs Debian's python3-torch and libopenblas0-pthread (PEER=path names the peer
# script to run instead of scripts/peer/torch_dcgan.py).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGES="${IMAGES:-2560}"
ONLY="${ONLY:-}"
# The precisions to time; "bf16" rows run `dcgan bench --precision bf16` (on a CPU without bfloat16
# bench says so and times fp32). The peer has no bfloat16 path here, so bf16 rows are ours only.
PRECISIONS="${PRECISIONS:-float32 bf16}"
peer="${PEER:-scripts/peer/torch_dcgan.py}" # PEER=path runs another peer script
python=/usr/bin/python3

scripts/peer-deps.sh # jq, and the peer's python3-torch (installed when run as root)
have_peer=1
if [[ ! -f "$peer" ]] || ! "$python" -c 'import torch' 2>/dev/null; then
  echo "perf-matrix: no PyTorch peer ($peer with $python and torch); timing ours only" >&2
  have_peer=0
fi
./dcgan --help >/dev/null # build first, untimed
bench_has_precision=0
./dcgan bench --help | grep -q -- '--precision' && bench_has_precision=1

# The precision flag of ours: nothing for float32.
precision_args() {
  case "$1" in
    float32) ;;
    bf16) echo "--precision bf16" ;;
    *) echo "perf-matrix: unknown precision $1" >&2; return 1 ;;
  esac
}

# point ARCH SIZE CHANNELS BATCH THREADS PRECISION AXIS: ours, then the peer where it has the model.
point() {
  local arch=$1 size=$2 channels=$3 batch=$4 threads=$5 precision=$6 axis=$7
  local value
  case "$axis" in size) value=$size ;; batch) value=$batch ;; threads) value=$threads ;; precision) value=$precision ;; *) value=base ;; esac
  if [[ -n "$ONLY" && " $ONLY " != *" $arch:$axis:$value "* ]]; then return 0; fi
  local steps=$(((IMAGES + batch - 1) / batch))
  ((steps >= 3)) || steps=3
  local tags
  tags=$(jq -nc --arg arch "$arch" --argjson size "$size" --argjson channels "$channels" \
    --argjson batch "$batch" --argjson threads "$threads" --arg precision "$precision" --arg axis "$axis" \
    '{arch: $arch, size: $size, channels: $channels, batch: $batch, threads: $threads, precision: $precision, axis: $axis}')
  if [[ "$precision" != float32 ]] && ((!bench_has_precision)); then
    jq -c --arg why "bench has no --precision yet" '. + {who: "ours", skipped: $why}' <<<"$tags"
  else
    echo "# ours $arch ${size}x${size}x$channels batch $batch threads $threads $precision ($axis)" >&2
    # shellcheck disable=SC2046 # precision_args is empty or two words
    ./dcgan bench --json --train-only --arch "$arch" --image-size "$size" --channels "$channels" \
      --batch-size "$batch" --steps "$steps" --warmup 2 --threads "$threads" --inter-op-threads 1 \
      $(precision_args "$precision") | tail -n 1 \
      | jq -c --argjson t "$tags" '$t + {who: "ours", images_per_s: .train_images_per_sec,
          seconds_per_epoch: .train_seconds_per_epoch_60000, ms_per_step: .train_ms_per_step,
          mflop_per_image: .train_mflop_per_image, mflop_per_image_effective: .train_mflop_per_image_effective}'
  fi
  ((have_peer)) && [[ "$precision" == float32 ]] || return 0
  local peer_args
  if [[ "$arch" == tutorial && "$size" == 28 && "$channels" == 1 ]]; then
    peer_args=(--arch tutorial)
  elif [[ "$arch" == dcgan && ("$size" == 32 || "$size" == 64) ]]; then
    peer_args=(--arch dcgan --size "$size" --channels "$channels")
  else
    return 0 # the peer has no such model
  fi
  echo "# peer $arch ${size}x${size}x$channels batch $batch threads $threads" >&2
  "$python" "$peer" bench "${peer_args[@]}" --batch "$batch" --steps "$steps" --warmup 2 \
    --threads "$threads" | tail -n 1 \
    | jq -c --argjson t "$tags" '$t + {who: "peer", images_per_s: .images_per_s,
        seconds_per_epoch: (60000 / .images_per_s * 100 | round / 100), ms_per_step: .ms_per_step}'
}

# arch, base size, channels; every point in each precision (the peer times float32 only)
for base in tutorial:28:1 dcgan:64:3; do
  IFS=: read -r arch size0 channels <<<"$base"
  batch0=128 threads0=2
  for p in $PRECISIONS; do
    point "$arch" "$size0" "$channels" "$batch0" "$threads0" "$p" base
    sizes=(32 64)
    [[ "$arch" == tutorial ]] && sizes=(28 32 64)
    for s in "${sizes[@]}"; do
      [[ "$s" == "$size0" ]] || point "$arch" "$s" "$channels" "$batch0" "$threads0" "$p" size
    done
    for b in 32 64 256 512; do point "$arch" "$size0" "$channels" "$b" "$threads0" "$p" batch; done
    point "$arch" "$size0" "$channels" "$batch0" 1 "$p" threads
  done
done
