#!/usr/bin/env bash
# Analysis routes of the web application (issue 13): `solimob serve --territory` on a fresh SQLite
# database, once on the demo territory and once on Porto Alegre (bench/poa_territory.sh; skipped when
# ../shared/data/poa is absent). bench/analysis_load.py measures isochrones (warm-up, 50 sequential,
# 20 concurrent users x 20) and one access job (computed, then cached). Extra arguments go to serve
# (e.g. --analysis-threads 2).
# Usage: bench/analysis_load.sh [build-dir] [serve options...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
shift || true
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
password="bench-analysis-password"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "serve options: ${*:-(defaults)}"

run() {  # label territory.toml
  local label=$1 config=$2
  shift 2
  local db="sqlite:$work/$label.db" port=$((20000 + RANDOM % 10000))
  echo "$password" | "$build/solimob" user add --db "$db" --login admin --role admin >/dev/null 2>&1
  local start
  start=$(date +%s.%N)
  "$build/solimob" serve --db "$db" --port "$port" --static "$work" --territory "$config" "$@" >"$work/$label.log" 2>&1 &
  server=$!
  for _ in $(seq 600); do curl -s "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
  echo "-- $label: serve up after $(echo "$(date +%s.%N) - $start" | bc) s (pid $server)"
  python3 bench/analysis_load.py "$port" admin "$password" "$label" || echo "!! $label: the client reported errors"
  # Request lines of the log: "TIME METHOD PATH STATUS ...".
  echo "   server log: $(awk '$4 ~ /^5[0-9][0-9]$/ {n++} END {print n + 0}' "$work/$label.log") answers 5xx"
  kill "$server" && wait "$server" 2>/dev/null || true
  server=""
}

demo=$("$build/solimob" demo --territory-only --dir "$work/demo" | tail -1)
run demo "$demo" "$@"

mkdir -p "$work/poa"
if poa=$(bench/poa_territory.sh "$work/poa" "$build"); then
  run poa "$poa" "$@"
fi
