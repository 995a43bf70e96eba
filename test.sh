#!/usr/bin/env bash
# Runs every test of the project: the Maven suites of both modules.
set -euo pipefail
cd "$(dirname "$0")"
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}"
mvn -B -ntp verify
