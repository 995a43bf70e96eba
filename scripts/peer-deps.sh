#!/usr/bin/env bash
# What the timing scripts need beyond the JDK: jq, and for the PyTorch peer Debian's python3-torch
# with libopenblas0-pthread (used by /usr/bin/python3). Installs them with apt-get when run as root;
# otherwise names what is missing. Exit 1 only when jq is missing (the peer is optional).
set -euo pipefail
missing=()
command -v jq >/dev/null || missing+=(jq)
/usr/bin/python3 -c 'import torch' 2>/dev/null || missing+=(python3-torch libopenblas0-pthread)
((${#missing[@]})) || exit 0
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "peer-deps: installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "peer-deps: missing ${missing[*]} (apt-get install ${missing[*]}); the peer is skipped without torch" >&2
fi
command -v jq >/dev/null || { echo "peer-deps: needs jq" >&2; exit 1; }
