#!/usr/bin/env bash
# Load test of `dcgan serve`: starts the server on a free loopback port, runs dev.dcgan.serve.LoadClient
# at 1, 8 and 64 concurrent clients with 1-image and 64-image requests (throughput, p50/p99 latency,
# the server's RSS over the run), then stops the server. Measure on an idle machine.
#   scripts/serve-load.sh                     # 30 s a point, dcgan-mnist, serving_default
#   SECONDS_PER_POINT=600 CLIENTS=64 IMAGES=64 scripts/serve-load.sh   # a 10-minute RSS soak
# Environment: MODEL (dcgan-mnist), SIGNATURE (serving_default|generate), PORT (18601),
# SECONDS_PER_POINT (30), CLIENTS (1,8,64), IMAGES (1,64), JSON (a file for the results).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
model="${MODEL:-dcgan-mnist}"
port="${PORT:-18601}"
url="http://127.0.0.1:$port"

"$root/dcgan" serve --help >/dev/null # builds dcgan-serve if needed
"$root/dcgan" serve --port "$port" >"${TMPDIR:-/tmp}/serve-load.$$.log" 2>&1 &
launcher=$!
cleanup() { kill "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; }
trap cleanup EXIT

# Ready when the model answers its status (at most 120 s).
for _ in $(seq 240); do
  curl -sf "$url/v1/models/$model" >/dev/null && break
  kill -0 "$launcher" 2>/dev/null || { cat "${TMPDIR:-/tmp}/serve-load.$$.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "$url/v1/models/$model" >/dev/null || { echo "serve-load: the server did not come up" >&2; exit 1; }
# The launcher execs java, so its pid is the server's.
echo "serve-load: server pid $launcher at $url" >&2

java -Xmx1g -cp "$root/dcgan-serve/target/dcgan-serve.jar:$root/dcgan-serve/target/lib/*" \
  dev.dcgan.serve.LoadClient --url "$url" --model "$model" \
  --clients "${CLIENTS:-1,8,64}" --images "${IMAGES:-1,64}" --seconds "${SECONDS_PER_POINT:-30}" \
  --signature "${SIGNATURE:-serving_default}" --pid "$launcher" ${JSON:+--json "$JSON"}
