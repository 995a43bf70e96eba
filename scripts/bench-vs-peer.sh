#!/usr/bin/env bash
# Training images/s of this project against the PyTorch peer (scripts/peer/torch_dcgan.py), in
# one run: for each configuration, ours then the peer, ROUNDS times in turn (alternating, so a
# change in the machine's load hits both), then a table with the ratio of the medians.
#
#   scripts/bench-vs-peer.sh [--rounds 2] [--steps 20] [--warmup 3] [--threads 2] [--precision fp32|bf16] [--out FILE.jsonl] [CONFIG...]
#
# --precision is ours (`bench --precision`); the peer always runs float32.
#
# CONFIG is ARCH:SIZE:CHANNELS:BATCH; the default is every row of docs/data.md's architecture table
# that the peer has (the peer draws the tutorial only at 28x28x1, dcgan at 32 and 64):
#   tutorial:28:1:256 dcgan:32:1:128 dcgan:32:3:128 dcgan:64:1:128 dcgan:64:3:128
# Each measurement is one JSON line (ours: `dcgan bench --json --train-only`; the peer's own line),
# tagged with "who", "config" and "round", in --out (default: a temporary file, named at the end).
# Needs Debian's python3-torch and libopenblas0-pthread for the peer, and jq; PEER=path names the peer
# script to run instead.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=2 steps=20 warmup=3 threads=2 out="" precision=fp32
configs=()
while (($#)); do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --precision) precision="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench-vs-peer: unknown flag $1 (see --help)" >&2; exit 2 ;;
    *) configs+=("$1"); shift ;;
  esac
done
((${#configs[@]})) || configs=(tutorial:28:1:256 dcgan:32:1:128 dcgan:32:3:128 dcgan:64:1:128 dcgan:64:3:128)
scripts/peer-deps.sh # jq, and the peer's python3-torch (installed when run as root)
peer="${PEER:-scripts/peer/torch_dcgan.py}" # PEER=path runs another peer script
python=/usr/bin/python3
have_peer=1
if [[ ! -f "$peer" ]]; then
  echo "bench-vs-peer: no peer at $peer; timing ours only" >&2; have_peer=0
elif ! "$python" -c 'import torch' 2>/dev/null; then
  echo "bench-vs-peer: $python cannot import torch (apt-get install python3-torch libopenblas0-pthread); timing ours only" >&2
  have_peer=0
fi
[[ -n "$out" ]] || out="$(mktemp -t bench-vs-peer.XXXXXX.jsonl)"
: >"$out"
./dcgan --help >/dev/null # build first, untimed

tag() { jq -c --arg who "$1" --arg config "$2" --argjson round "$3" '. + {who: $who, config: $config, round: $round}'; }

for config in "${configs[@]}"; do
  IFS=: read -r arch size channels batch <<<"$config"
  if [[ -z "$batch" ]]; then echo "bench-vs-peer: '$config' is not ARCH:SIZE:CHANNELS:BATCH" >&2; exit 2; fi
  peer_has=0
  if ((have_peer)); then
    if [[ "$arch" == tutorial && "$size" == 28 && "$channels" == 1 ]]; then
      peer_args=(--arch tutorial)
      peer_has=1
    elif [[ "$arch" == dcgan && ("$size" == 32 || "$size" == 64) ]]; then
      peer_args=(--arch dcgan --size "$size" --channels "$channels")
      peer_has=1
    fi
  fi
  for ((round = 1; round <= rounds; round++)); do
    echo "# $config round $round: ours" >&2
    ./dcgan bench --json --train-only --precision "$precision" --arch "$arch" --image-size "$size" --channels "$channels" \
      --batch-size "$batch" --steps "$steps" --warmup "$warmup" \
      --threads "$threads" --inter-op-threads 1 | tail -n 1 | tag ours "$config" "$round" >>"$out"
    if ((peer_has)); then
      echo "# $config round $round: peer" >&2
      "$python" "$peer" bench "${peer_args[@]}" --batch "$batch" --steps "$steps" \
        --warmup "$warmup" --threads "$threads" | tail -n 1 | tag peer "$config" "$round" >>"$out"
    fi
  done
done

# The table: medians over the rounds, and the ratio of each round's pair.
jq -rs '
  def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
    else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def r1: if . == null then "-" else (. * 10 | round / 10 | tostring) end;
  def r2: if . == null then "-" else (. * 100 | round / 100 | tostring) end;
  (map(.config) | unique) as $all
  | ["| config (arch:size:channels:batch) | ours images/s | peer images/s | ratio | ratio per round |",
     "|---|---|---|---|---|"]
    + [ $all[] as $c
        | [ .[] | select(.config == $c) ] as $rows
        | ([ $rows[] | select(.who == "ours") | .train_images_per_sec ] | median) as $ours
        | ([ $rows[] | select(.who == "peer") | .images_per_s ] | median) as $peer
        | ([ $rows[] | select(.who == "ours") | .round ] | map(. as $r
              | ([ $rows[] | select(.round == $r and .who == "peer") | .images_per_s ][0]) as $p
              | ([ $rows[] | select(.round == $r and .who == "ours") | .train_images_per_sec ][0]) as $o
              | if $p == null then null else $o / $p end)) as $per
        | "| \($c) | \($ours | r1) | \($peer | r1) | "
          + (if $peer == null then "-" else ($ours / $peer | r2) + "x" end)
          + " | " + ($per | map(r2) | join(", ")) + " |" ]
  | .[]' "$out"
echo "(raw lines: $out)" >&2
