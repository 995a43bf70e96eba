#!/usr/bin/env bash
# The small-data study of docs/evaluation.md: emoji at 64x64x3 (unconditional and conditional; no
# augmentation, DiffAugment, adaptive p; 25% and 100% of the images) and MNIST at 10%, each run
# trained, exported and evaluated one at a time (never run anything else beside it: the minutes
# are a result).
#   scripts/small-data-study.sh OUT RUN...      e.g. scripts/small-data-study.sh /tmp/study q-none q-diff
# RUN names: [q|f][c]-(none|diff|ada) for emoji (q: 25%, f: 100%; c: --conditional),
#            m10-(none|diff|ada) for MNIST's first 6,000 training images.
# Needs data/emoji (./dcgan data emoji) and data/quarter/emoji
# (scripts/subset.sh data/emoji 0.25 1 data/quarter/emoji). Writes OUT/runs/RUN (the run folder),
# OUT/models/RUN (its export), OUT/RUN.eval.json (evaluate against the full set's held-out tenth),
# OUT/RUN.copies.json (the copy check against the images the run trained on), OUT/RUN.pairs.png,
# and a line per run in OUT/minutes.tsv. A run folder that exists is trained on to the epochs asked
# for (--resume), exported again and evaluated again: OUT/RUN.eN.eval.json and so on, N its epochs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 2 ]]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
out=$1
shift
mkdir -p "$out/runs" "$out/models"
EPOCHS_QUARTER=${EPOCHS_QUARTER:-20}
EPOCHS_FULL=${EPOCHS_FULL:-5}
EPOCHS_MNIST=${EPOCHS_MNIST:-15}
COUNT=${COUNT:-2000}
OPS=color,translation,cutout

for run in "$@"; do
  args=(--seed 42 --no-progress-bar --log-every 200 --no-eval)
  case $run in
    m10-*) data=data/mnist full=data/mnist
      args+=(--limit 6000 --epochs "$EPOCHS_MNIST" --eval-every 1) ;;
    q*) data=data/quarter/emoji full=data/emoji
      args+=(--epochs "$EPOCHS_QUARTER" --eval-every 2) ;;
    f*) data=data/emoji full=data/emoji
      args+=(--epochs "$EPOCHS_FULL" --eval-every 1) ;;
    *) echo "study: unknown run $run" >&2; exit 2 ;;
  esac
  case $run in
    qc-* | fc-*) args+=(--conditional) ;;
  esac
  case $run in
    *-none) ;;
    *-diff) args+=(--augment "$OPS") ;;
    *-ada) args+=(--augment "$OPS" --augment-p auto) ;;
    *) echo "study: unknown run $run" >&2; exit 2 ;;
  esac
  for ((i = 0; i < ${#args[@]}; i++)); do
    if [[ ${args[i]} == --epochs ]]; then epochs=${args[i + 1]}; fi
  done
  start=$(date +%s)
  if [[ -e "$out/runs/$run" ]]; then
    # Train on: the run's data, network and optimisation stay as saved.
    ./dcgan train --resume "$out/runs/$run" --epochs "$epochs" --no-progress-bar --log-every 200 \
      --no-eval --export "$out/models/$run"
  else
    ./dcgan train --data "$data" "${args[@]}" --run-dir "$out/runs/$run" --export "$out/models/$run"
  fi
  end=$(date +%s)
  printf '%s\t%s\t%s\t%.1f\n' "$run" "$epochs" "$(date -u +%FT%TZ)" "$(echo "($end - $start) / 60" | bc -l)" >>"$out/minutes.tsv"
  model=$(ls -d "$out/models/$run"/*/ | sort -V | tail -1)
  ./dcgan evaluate --model "$model" --data "$full" --count "$COUNT" --json >"$out/$run.e$epochs.eval.json"
  if [[ "$data" == "$full" ]]; then
    # One evaluation: its copy check is against the whole training split (for m10 runs, a
    # superset of the 6,000 images they saw: an upper bound on their copy share).
    cp "$out/$run.e$epochs.eval.json" "$out/$run.e$epochs.copies.json"
  else
    ./dcgan evaluate --model "$model" --data "$data" --count "$COUNT" --json \
      --pairs "$out/$run.e$epochs.pairs.png" >"$out/$run.e$epochs.copies.json"
  fi
done
