#!/usr/bin/env bash
# A seeded, class-balanced subset of a class-folder data set: the same fraction of every class
# folder, chosen by a seeded shuffle, copied (with classes.json) into a new folder.
#   scripts/subset.sh data/emoji 0.25 1 data/emoji-25
set -euo pipefail
if [[ $# -ne 4 ]]; then
  echo "usage: scripts/subset.sh SRC FRACTION SEED OUT" >&2
  exit 2
fi
src=$1 fraction=$2 seed=$3 out=$4
[[ -d "$src" ]] || { echo "subset: no such folder: $src" >&2; exit 2; }
[[ -e "$out" ]] && { echo "subset: $out exists; remove it or choose another" >&2; exit 2; }
tmp="$out.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
# A byte stream that depends only on the seed: shuf reads its randomness from it.
random_source() { openssl enc -aes-256-ctr -pass pass:"$seed" -nosalt -pbkdf2 </dev/zero 2>/dev/null; }
for class in "$src"/*/; do
  name=$(basename "$class")
  [[ "$name" == LICENSES ]] && continue
  mapfile -t files < <(find "$class" -maxdepth 1 -type f -name '*.png' -printf '%f\n' | LC_ALL=C sort)
  n=$(awk -v n="${#files[@]}" -v f="$fraction" 'BEGIN { k = int(n * f + 0.5); print (k < 1 ? 1 : k) }')
  mkdir -p "$tmp/$name"
  printf '%s\n' "${files[@]}" | shuf -n "$n" --random-source=<(random_source) |
    while read -r f; do cp "$class/$f" "$tmp/$name/$f"; done
done
for extra in classes.json LICENSES; do
  [[ -e "$src/$extra" ]] && cp -r "$src/$extra" "$tmp/"
done
mv "$tmp" "$out"
trap - EXIT
echo "subset: $(find "$out" -name '*.png' | wc -l) images in $out"
