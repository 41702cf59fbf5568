#!/usr/bin/env bash
# Writes a diagnostic configuration (docs/diagnostic_config.md) for Porto Alegre into DIR, from
# ../shared/data/poa: a network file built once (loading it is faster than OSM + GTFS at every start),
# the hexagons as population (points, lon/lat columns), services derived from the hexagons (one point
# per hexagon with schools > 0, category "school"; healthcare > 0, "health"), jobs, four quadrant
# zones around the hexagons' mean position (as tests/poa) and the r5r paper's departure.
# Prints the configuration's path. `solimob serve --territory DIR/territory.toml` loads it as is.
# Usage: bench/poa_territory.sh DIR [build-dir]   (exit 3 with "skipped: ..." when the data is absent)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: bench/poa_territory.sh DIR [build-dir]}
build=${2:-build}
poa=${SOLIMOB_SHARED_DIR:-../shared}/data/poa
if [ ! -f "$poa/poa_hexgrid.csv" ] || [ ! -f "$poa/poa_osm.pbf" ]; then
  echo "skipped: $poa absent" >&2
  exit 3
fi
poa=$(realpath "$poa")
mkdir -p "$dir"
dir=$(realpath "$dir")

if [ ! -f "$dir/poa.net" ]; then
  "$build/solimob" network build --osm "$poa/poa_osm.pbf" --gtfs "$poa/poa_eptc.zip" --gtfs "$poa/poa_trensurb.zip" \
    --out "$dir/poa.net" >/dev/null 2>"$dir/network_build.log"
fi

python3 - "$poa/poa_hexgrid.csv" "$dir" <<'PY'
import csv, json, sys
hexgrid, out = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(hexgrid, newline="")))
with open(f"{out}/services.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "lon", "lat", "category", "name"])
    for r in rows:
        if float(r["schools"] or 0) > 0:
            w.writerow([f"school-{r['id']}", r["lon"], r["lat"], "school", f"Escolas {r['id']}"])
        if float(r["healthcare"] or 0) > 0:
            w.writerow([f"health-{r['id']}", r["lon"], r["lat"], "health", f"Saúde {r['id']}"])
mx = sum(float(r["lon"]) for r in rows) / len(rows)
my = sum(float(r["lat"]) for r in rows) / len(rows)
features = []
for q, name in enumerate(["sw", "se", "nw", "ne"]):
    x0, x1 = (mx - 1, mx) if q % 2 == 0 else (mx, mx + 1)
    y0, y1 = (my - 1, my) if q < 2 else (my, my + 1)
    features.append({"type": "Feature", "properties": {"id": name, "nom": name.upper()},
                     "geometry": {"type": "Polygon",
                                  "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}})
json.dump({"type": "FeatureCollection", "features": features}, open(f"{out}/zones.geojson", "w"))
PY

cat >"$dir/territory.toml" <<TOML
[territory]
name = "Porto Alegre (r5r)"
sources = ["r5r poa_hexgrid.csv (H3 res 9)", "EPTC + Trensurb GTFS 2019", "OpenStreetMap (r5r extract)"]

[network]
file = "poa.net"

[population]
file = "$poa/poa_hexgrid.csv"
id = "id"
total = "population"
crs = "EPSG:4326"

[[publics]]
name = "tous"
label = "Toute la population"
field = "population"
profile = "walk"

[[publics]]
name = "seniors"
label = "Personnes âgées (champ population)"
field = "population"
profile = "elderly"

[services]
file = "services.csv"
id = "id"
category = "category"
name = "name"

[[categories]]
code = "school"
label = "Escolas"
cutoffs = [30, 60]

[[categories]]
code = "health"
label = "Saúde"
cutoffs = [30, 60]

[jobs]
file = "$poa/poa_hexgrid.csv"
id = "id"
field = "jobs"
cutoffs = [30, 60]

[[zones]]
name = "quadrant"
label = "Quadrants"
file = "zones.geojson"
id = "id"
label_field = "nom"

[analysis]
departure = "2019-05-13 14:00"
window = 30
percentile = 50
max_time = 90
TOML
echo "$dir/territory.toml"
