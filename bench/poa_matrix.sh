#!/usr/bin/env bash
# The r5r paper workload (Pereira et al. 2021) on ../shared/data/poa: 1,227 x 1,227 hexagons,
# both GTFS feeds, departure 2019-05-13 14:00, window 120 min, percentiles 5/25/50/75/95,
# max walk 1000 m, max trip 120 min, walk 3.6 km/h, 2 threads. Prints wall time, CPU and peak RSS
# of the network build and of the matrix. Usage: bench/poa_matrix.sh [build-dir] [profile]
# With a profile (wheelchair, elderly...), its own speed and walk limit replace 3.6 km/h and 1000 m.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if [ -n "${2:-}" ]; then
  travel=(--profile "$2")
else
  travel=(--max-walk 1000 --walk-speed 3.6)
fi
poa=../shared/data/poa
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

source bench/measure.sh

measure "network build" "$build/solimob" network build --osm "$poa/poa_osm.pbf" --gtfs "$poa/poa_eptc.zip" \
  --gtfs "$poa/poa_trensurb.zip" --out "$out/poa.net" --threads 2
measure "matrix" "$build/solimob" matrix --network "$out/poa.net" --origins "$poa/poa_hexgrid.csv" \
  --destinations "$poa/poa_hexgrid.csv" --departure "2019-05-13 14:00" --window 120 \
  --percentiles 5,25,50,75,95 --max-time 120 "${travel[@]}" --max-transfers 8 \
  --threads 2 --out "$out/ttm.csv"
grep -E '^matrix:' "$out/log" || true
echo "rows: $(($(wc -l <"$out/ttm.csv") - 1))"
