#!/usr/bin/env bash
# Load on the web application (issue 4): a SQLite database with 10,000 actions and 50,000 budget
# lines, 500 cooperation documents, 50 concurrent clients (wrk, loopback) on the dashboard and the
# list pages (actions: a page and a text search; documents; budget annex; meetings), 20 s each.
# Prints wrk's latency distribution and requests/s.
# Usage: bench/server_load.sh [build-dir] [port] [duration, e.g. 20s]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
port=${2:-18181}
duration=${3:-20s}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

db="sqlite:$work/load.db"
echo "correct horse battery" | "$build/solimob" user add --db "$db" --login admin --role admin >/dev/null 2>&1
python3 - "$work/load.db" <<'PY'
import random, sqlite3, sys
random.seed(93)
c = sqlite3.connect(sys.argv[1])
c.executemany("INSERT INTO organisation (name, type) VALUES (?, 'commune')", [(f"Commune {i}",) for i in range(40)])
c.executemany("INSERT INTO objective (code, title) VALUES (?, ?)", [(f"O{i}", f"Objectif {i}") for i in range(12)])
statuses = ["proposee", "en_cours", "realisee", "abandonnee"]
c.executemany(
    "INSERT INTO action (objective_id, title, owner_direction, status, publics, territory, start_date, end_date, updated_at)"
    " VALUES (?, ?, ?, ?, 'tous publics', 'Seine-Saint-Denis', '2025-01-01', '2027-12-31', '2026-01-01T00:00:00Z')",
    [(random.randint(1, 12), f"Action {i}", f"Direction {i % 9}", statuses[i % 4]) for i in range(10000)])
c.executemany("INSERT INTO action_partner (action_id, organisation_id) VALUES (?, ?)",
              [(a, o) for a in range(1, 10001) for o in random.sample(range(1, 41), 2)])
c.executemany(
    "INSERT INTO budget_line (action_id, year, direction, nature, planned, voted, spent) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [(random.randint(1, 10000), random.randint(2024, 2028), f"Direction {random.randint(0, 8)}",
      random.choice(["investissement", "fonctionnement"]), random.randint(1, 500) * 1000.0,
      random.randint(0, 400) * 1000.0, random.randint(0, 300) * 1000.0) for _ in range(50000)])
c.executemany("INSERT INTO cooperation_document (type, title, status, signed_on, ends_on) VALUES ('convention', ?, 'en_vigueur', '2024-01-01', ?)",
              [(f"Convention {i}", f"2027-{1 + i % 12:02d}-15") for i in range(500)])
c.executemany("INSERT INTO meeting (type, title, held_on, place) VALUES ('copil', ?, ?, 'Bobigny')",
              [(f"COPIL {i}", f"{2025 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(300)])
c.executemany("INSERT INTO follow_up (meeting_id, text, owner, due_on, status) VALUES (?, ?, 'DTCM', ?, ?)",
              [(1 + i % 300, f"Suivi {i}", f"{2025 + i % 3}-{1 + i % 12:02d}-15", ["a_faire", "en_cours", "fait"][i % 3])
               for i in range(900)])
c.commit()
PY

"$build/solimob" serve --db "$db" --port "$port" --static "$work" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -s "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"login":"admin","password":"correct horse battery"}' "http://127.0.0.1:$port/api/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(solimob_session=[^;]*\).*/\1/p')

# wrk prints "Non-2xx or 3xx responses" and "Socket errors" lines only when there are some.
for path in /api/dashboard "/api/actions?limit=50&offset=5000" "/api/actions?q=action%2012&limit=50" \
  /api/documents /api/budget-annex /api/meetings; do
  echo "== GET $path (50 connections, ${duration})"
  wrk -t2 -c50 -d"$duration" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$path" |
    grep -E 'Latency  |50%|90%|99%|Requests/sec|Non-2xx|errors'
done
