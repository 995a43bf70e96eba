#!/usr/bin/env bash
# Runs every test of the project: the Maven suites of both modules, then the notebooks.
set -euo pipefail
cd "$(dirname "$0")"
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}"
mvn -B -ntp verify
# verify has just built the jars the notebooks' kernel loads.
DCGAN_SKIP_BUILD=1 notebooks/run.sh
