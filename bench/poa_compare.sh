#!/usr/bin/env bash
# Scenario comparison cost (issue 11) on ../shared/data/poa: one access run against compare with one
# scenario (Trensurb x2) and with two (+ Linha Leste), same inputs: 1,227 hexagons, jobs and
# healthcare, cutoffs 30/60 min, nearest 1, everyone (walk) and the elderly public (elderly profile),
# departure 2019-05-13 14:00, window 60, 2 threads. Linha Leste is frequency-based, so a network with
# it searches ceil(200 / 60) = 4 phase draws per minute where the baseline (timetables only) searches
# one: the last two runs give every run --frequency-draws 1 to separate that cost from compare's own.
# Usage: bench/poa_compare.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
poa=../shared/data/poa
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

source bench/measure.sh

"$build/solimob" network build --osm "$poa/poa_osm.pbf" --gtfs "$poa/poa_eptc.zip" --gtfs "$poa/poa_trensurb.zip" \
  --out "$out/poa.net" 2>/dev/null
common=(--network "$out/poa.net" --origins "$poa/poa_hexgrid.csv" --population-field population
  --opportunities "$poa/poa_hexgrid.csv" --opportunity-field jobs --opportunity-field healthcare --cutoffs 30,60
  --nearest 1 --departure "2019-05-13 14:00" --window 60 --max-walk 1000 --walk-speed 3.6 --threads 2
  --public idosos=population:elderly)
measure "scenario apply" "$build/solimob" scenario apply --network "$out/poa.net" \
  --scenario docs/scenarios/poa_linha_leste.json --out "$out/leste.net"
measure access "$build/solimob" access "${common[@]}" --out "$out/access.gpkg"
measure "compare 1" "$build/solimob" compare "${common[@]}" --scenario docs/scenarios/poa_trensurb_double.json \
  --out "$out/c1.gpkg"
measure "compare 2" "$build/solimob" compare "${common[@]}" --scenario docs/scenarios/poa_trensurb_double.json \
  --scenario docs/scenarios/poa_linha_leste.json --out "$out/c2.gpkg"
measure "access d1" "$build/solimob" access "${common[@]}" --frequency-draws 1 --out "$out/access1.gpkg"
measure "compare 2 d1" "$build/solimob" compare "${common[@]}" --frequency-draws 1 \
  --scenario docs/scenarios/poa_trensurb_double.json --scenario docs/scenarios/poa_linha_leste.json \
  --out "$out/c2d1.gpkg"
