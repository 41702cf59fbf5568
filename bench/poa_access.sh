#!/usr/bin/env bash
# Accessibility on top of the r5r paper workload (issue 3): cumulative (step, 30/60 min), nearest and
# 2SFCA accessibility to jobs, schools and healthcare for all 1,227 POA hexagons, window 120,
# percentiles 5/25/50/75/95, 2 threads; compared with the travel-time matrix of the same workload.
# Usage: bench/poa_access.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
poa=../shared/data/poa
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

source bench/measure.sh

"$build/solimob" network build --osm "$poa/poa_osm.pbf" --gtfs "$poa/poa_eptc.zip" --gtfs "$poa/poa_trensurb.zip" \
  --out "$out/poa.net" 2>/dev/null
common=(--network "$out/poa.net" --departure "2019-05-13 14:00" --window 120 --max-time 120 --max-walk 1000
  --walk-speed 3.6 --max-transfers 8 --threads 2)
measure matrix "$build/solimob" matrix "${common[@]}" --origins "$poa/poa_hexgrid.csv" \
  --destinations "$poa/poa_hexgrid.csv" --percentiles 5,25,50,75,95 --out "$out/ttm.csv"
measure access "$build/solimob" access "${common[@]}" --origins "$poa/poa_hexgrid.csv" --population-field population \
  --opportunities "$poa/poa_hexgrid.csv" --opportunity-field jobs --opportunity-field schools \
  --opportunity-field healthcare --decay step --cutoffs 30,60 --percentiles 5,25,50,75,95 --nearest 1 --fca 2sfca \
  --out "$out/access.gpkg"
