#!/usr/bin/env bash
# Runs every test of the project: the Maven suites of both modules, then the notebooks.
# CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"

# Fashion-MNIST comes from Debian; one test trains a few steps on it.
if [[ ! -d /usr/share/datasets/fashion-mnist ]]; then
  if [[ "$(id -u)" == 0 ]]; then
    echo "test.sh: installing Debian's dataset-fashion-mnist" >&2
    apt-get update -qq && apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null
  else
    echo "test.sh: dataset-fashion-mnist is not installed and this is not root: its test will be skipped" >&2
  fi
fi

# The explorer page's browser test drives Debian's headless Chromium through its chromedriver
# (never a downloaded browser or driver); without them that test is skipped and says so.
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  if [[ "$(id -u)" == 0 ]]; then
    echo "test.sh: installing Debian's chromium and chromium-driver" >&2
    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  else
    echo "test.sh: chromium/chromium-driver are not installed and this is not root: the browser test will be skipped" >&2
  fi
fi

export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}"
mvn -B -ntp verify
# verify has just built the jars the notebooks' kernel loads.
DCGAN_SKIP_BUILD=1 notebooks/run.sh
