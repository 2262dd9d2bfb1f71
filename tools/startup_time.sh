#!/usr/bin/env bash
# Time from `./tombot serve` to GET /actuator/health answering {"status":"UP"}, on a fresh
# data directory and then again on the same one, RUNS times (default 3). Loopback only;
# every server it starts is stopped again. Run it after the jar is built, or the first
# figure includes the build.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
port="${TOMBOT_TIMING_PORT:-9843}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
measure() { # $1 = label
  local start end pid
  start=$(date +%s%N)
  ./tombot serve --data-dir "$dir/data" --https-port "$port" --http-port 0 >"$dir/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    if curl -sk --max-time 1 "https://localhost:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
      end=$(date +%s%N)
      printf '%-28s %6.1f s\n' "$1" "$(echo "($end - $start) / 1000000000" | bc -l)"
      kill -TERM "$pid"; wait "$pid" || true
      return
    fi
    sleep 0.1
  done
  kill -TERM "$pid"; wait "$pid" || true
  echo "$1: not healthy within 120 s; log:"; tail -20 "$dir/log"; exit 1
}
for run in $(seq 1 "$runs"); do
  rm -rf "$dir/data"
  measure "run $run, new data dir"
  measure "run $run, existing data dir"
done
