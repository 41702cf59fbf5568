#!/usr/bin/env python3
"""One-off builder of the small reference files embedded in demo/ (communes-93.csv, lines.csv).

Re-run with:  python3 demo/make_reference_data.py [/work/shared/data/seine-saint-denis]

Sources (real, public):
  - communes-93-ign-2018.geojson: IGN Admin Express 2018 via github gregoiredavid/france-geojson, Licence Ouverte.
  - communes-93.csv: INSEE populations legales via npm @etalab/decoupage-administratif 6.0.0 (MIT).
  - gares-idfm-emplacement-93-2km-2025.geojson: IDFM open data "emplacement-des-gares-idf", ODbL.
Only station positions, commune centroids, names and populations are real; the headways and speeds
written to lines.csv are SYNTHETIC (plausible values, not IDFM timetables).
"""
import csv
import json
import math
import os
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/seine-saint-denis"
OUT = os.path.dirname(os.path.abspath(__file__))

# Pierrefitte-sur-Seine merged into Saint-Denis on 2025-01-01; the 2018 map still has both polygons.
MERGED = {"93059": "93066"}


def ring_area_centroid(ring):
    """Signed shoelace area and centroid in lon/lat. Planar lon/lat is an affine image of the local
    equirectangular projection, so centroids and area ratios are the same as in metres."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    a *= 0.5
    return a, cx / (6 * a), cy / (6 * a)


def polygon_moments(coords):
    """(area, area*lon, area*lat) of a polygon with holes; outer ring positive whatever its winding."""
    m = [0.0, 0.0, 0.0]
    for i, ring in enumerate(coords):
        if ring[0] == ring[-1]:
            ring = ring[:-1]
        a, cx, cy = ring_area_centroid(ring)
        a = abs(a) if i == 0 else -abs(a)
        m[0] += a
        m[1] += a * cx
        m[2] += a * cy
    return m


def communes():
    geo = json.load(open(os.path.join(SRC, "communes-93-ign-2018.geojson"), encoding="utf-8"))
    moments = {}
    for f in geo["features"]:
        code = MERGED.get(f["properties"]["code"], f["properties"]["code"])
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        acc = moments.setdefault(code, [0.0, 0.0, 0.0])
        for p in polys:
            for k, v in enumerate(polygon_moments(p)):
                acc[k] += v
    rows = []
    with open(os.path.join(SRC, "communes-93.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            a, ax, ay = moments[r["code_insee"]]
            rows.append([r["code_insee"], r["nom"], r["ept_nom"], r["population"], f"{ax / a:.5f}", f"{ay / a:.5f}"])
    assert len(rows) == 39, len(rows)
    assert set(moments) == {r[0] for r in rows}, set(moments) ^ {r[0] for r in rows}
    total = sum(int(r[3]) for r in rows)
    assert total == 1704316, total
    # No comment lines: the CSV reader has no comment syntax; provenance is in demo/README.md.
    with open(os.path.join(OUT, "communes-93.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code_insee", "nom", "ept_nom", "population", "lon", "lat"])
        w.writerows(rows)


# line, mode, GTFS route_type, SYNTHETIC headway (min) and commercial speed (km/h), stations in line order
# (names as in the IDFM file's nom_gares, matched together with res_com).
LINES = [
    ("RER B", "RER", 2, 8, 45, "RER B", [
        "La Plaine-Stade de France", "La Courneuve-Aubervilliers", "Le Bourget", "Drancy", "Le Blanc-Mesnil",
        "Aulnay-sous-Bois", "Sevran-Livry", "Vert-Galant", "Villeparisis-Mitry-le-Neuf"]),
    ("13", "METRO", 1, 4, 25, "METRO 13", [
        "Porte de Saint-Ouen", "Garibaldi", "Mairie de Saint-Ouen", "Carrefour Pleyel", "Saint-Denis - Porte de Paris",
        "Basilique de Saint-Denis", "Saint-Denis - Université"]),
    ("14", "METRO", 1, 3, 30, "METRO 14", [
        "Pont Cardinet", "Porte de Clichy", "Saint-Ouen", "Mairie de Saint-Ouen", "Saint-Denis – Pleyel"]),
    ("11", "METRO", 1, 4, 27, "METRO 11", [
        "Porte des Lilas", "Mairie des Lilas", "Serge Gainsbourg", "Romainville - Carnot", "Montreuil - Hôpital",
        "La Dhuys", "Coteaux Beauclair", "Rosny-Bois-Perrier"]),
    ("T1", "TRAM", 0, 6, 18, "TRAM 1", [
        "L'Ile-Saint-Denis", "Saint-Denis", "Théâtre Gérard Philipe", "Marché de Saint-Denis",
        "Basilique de Saint-Denis", "Cimetière de Saint-Denis", "Hôpital Delafontaine", "Cosmonautes", "Six Routes",
        "Hôtel de Ville de La Courneuve", "Stade Géo André", "Danton", "La Courneuve 8 Mai 1945", "Maurice Lachâtre",
        "Drancy-Avenir", "Hôpital Avicenne", "Gaston Roulaud", "Escadrille Normandie-Niémen", "La Ferme",
        "Libération", "Hôtel de Ville de Bobigny", "Bobigny Pablo Picasso", "Jean Rostand", "Auguste Delaune",
        "Pont de Bondy", "Petit Noisy", "Noisy-le-Sec"]),
    ("RER E", "RER", 2, 10, 45, "RER E", [
        "Rosa Parks", "Pantin", "Noisy-le-Sec", "Bondy", "Le Raincy-Villemomble-Montfermeil", "Gagny",
        "Le Chénay-Gagny", "Chelles-Gournay"]),
    # Added for the diagnostic demo (same rule: real IDFM positions, SYNTHETIC headways and speeds).
    # Branches are separate routes named "<line> (<branch>)" from the fork station on.
    ("RER B (Roissy)", "RER", 2, 8, 45, "RER B", [
        "Aulnay-sous-Bois", "Sevran-Beaudottes", "Villepinte", "Parc des Expositions", "Aéroport Charles De Gaulle 1",
        "Aéroport Charles De Gaulle 2-TGV"]),
    ("RER A", "RER", 2, 6, 50, "RER A", [
        "Nation", "Vincennes", "Val de Fontenay", "Neuilly-Plaisance", "Bry-sur-Marne", "Noisy-le-Grand-Mont d'Est",
        "Noisy-Champs"]),
    ("RER D", "RER", 2, 8, 50, "RER D", [
        "Stade de France-Saint-Denis", "Saint-Denis", "Pierrefitte Stains", "Garges-Sarcelles"]),
    ("5", "METRO", 1, 4, 27, "METRO 5", [
        "Porte de Pantin", "Hoche", "Église de Pantin", "Bobigny-Pantin - Raymond Queneau", "Bobigny Pablo Picasso"]),
    ("7", "METRO", 1, 6, 27, "METRO 7", [
        "Porte de la Villette", "Aubervilliers Pantin - Quatre Chemins", "Fort d'Aubervilliers",
        "La Courneuve 8 Mai 1945"]),
    ("9", "METRO", 1, 4, 25, "METRO 9", [
        "Porte de Montreuil", "Robespierre", "Croix de Chavaux", "Mairie de Montreuil"]),
    ("12", "METRO", 1, 4, 27, "METRO 12", [
        "Porte de la Chapelle", "Front Populaire", "Aimé Césaire", "Mairie d'Aubervilliers"]),
    ("T4", "TRAM", 0, 8, 25, "TRAM 4", [
        "Bondy", "La Remise à Jorelle", "Les Coquetiers", "Allée de la Tour Rendez-Vous", "Les Pavillons-sous-Bois",
        "Gargan", "Lycée Henri Sellier", "L'Abbaye", "Freinville-Sevran", "Rougemont-Chanteloup", "Aulnay-sous-Bois"]),
    ("T4 (Montfermeil)", "TRAM", 0, 12, 18, "TRAM 4", [
        "Gargan", "République Marx Dormoy", "Léon Blum", "Maurice Audin", "Clichy-sous-Bois Mairie",
        "Romain Rolland", "Clichy - Montfermeil", "Notre-Dame-des-Anges", "Arboretum", "Hôpital de Montfermeil"]),
    ("T5", "TRAM", 0, 6, 17, "TRAM 5", [
        "Marché de Saint-Denis", "Baudelaire", "Roger Sémat", "Guynemer", "Petit Pierrefitte", "Joncherolles",
        "Suzanne Valadon", "Mairie de Pierrefitte", "Alcide d'Orbigny", "Jacques Prévert", "Butte Pinson",
        "Les Cholettes", "Les Flanades", "Paul Valéry", "Lochères", "Garges-Sarcelles"]),
    ("T8", "TRAM", 0, 8, 18, "TRAM 8", [
        "Saint-Denis - Porte de Paris", "Pierre De Geyter", "Saint-Denis", "Paul Éluard", "Delaunay-Belleville",
        "César", "Blumenthal", "Les Mobiles", "Les Béatus", "Rose Bertin", "Lacépède", "Gilbert Bonnemaison",
        "Épinay-sur-Seine", "Épinay-Orgemont"]),
    ("T11", "TRAM", 0, 10, 35, "TRAM 11", [
        "Épinay-sur-Seine", "Épinay Villetaneuse", "Villetaneuse - Université", "Pierrefitte Stains",
        "Stains La Cerisaie", "Dugny - La Courneuve", "Le Bourget"]),
]


def haversine_m(a, b):
    la0, la1 = math.radians(a[1]), math.radians(b[1])
    dla, dlo = la1 - la0, math.radians(b[0] - a[0])
    h = math.sin(dla / 2) ** 2 + math.cos(la0) * math.cos(la1) * math.sin(dlo / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def lines():
    geo = json.load(open(os.path.join(SRC, "gares-idfm-emplacement-93-2km-2025.geojson"), encoding="utf-8"))
    pos = {}
    for f in geo["features"]:
        p = f["properties"]
        pos.setdefault((p["res_com"], p["nom_gares"]), f["geometry"]["coordinates"])
    rows = []
    for line, mode, route_type, headway, speed, res_com, stations in LINES:
        prev = None
        for i, name in enumerate(stations):
            lon, lat = pos[(res_com, name)]
            if prev is not None:
                d = haversine_m(prev, (lon, lat))
                # Ordering check: metro/tram interstations are < 3 km; the RER E Pantin - Noisy-le-Sec gap is
                # really 4.3 km, so RER may go up to 5 km.
                limit = 6000 if mode == "RER" else 3000  # Parc des Expositions - CDG 1: 5.3 km
                assert 200 < d < limit, (line, name, d)
                print(f"  {line:6} {stations[i - 1]:>36} -> {name:36} {d:6.0f} m")
            prev = (lon, lat)
            rows.append([line, mode, route_type, headway, speed, i + 1, name, f"{lon:.6f}", f"{lat:.6f}"])
    with open(os.path.join(OUT, "lines.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["line", "mode", "route_type", "headway_min", "speed_kmh", "stop_order", "station", "lon", "lat"])
        w.writerows(rows)


if __name__ == "__main__":
    communes()
    lines()
