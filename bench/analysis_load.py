#!/usr/bin/env python3
"""Load client of the analysis routes (issue 13), stdlib only; called by bench/analysis_load.sh.

Usage: analysis_load.py PORT LOGIN PASSWORD LABEL
Isochrones (cutoffs 15,30, the territory's departure, the route's default window) from points drawn
from the population cells (fixed seed): one warm-up request (it builds the engine), N=50 sequential,
then 20 concurrent users x 20 requests; then one access job (submit -> done), GET of the done job and a
repeated POST (cached: 200), 20 each.
"""
import http.client
import json
import random
import statistics
import sys
import threading
import time

PORT, LOGIN, PASSWORD, LABEL = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]


class client:
    def __init__(self):
        self.conn_ = None
        self.cookie_ = ""
        self.csrf_ = ""
        status, body, _ = self.call("POST", "/api/login", {"login": LOGIN, "password": PASSWORD})
        if status != 200:
            raise SystemExit(f"login failed: {status} {body[:200]!r}")
        self.csrf_ = json.loads(body)["csrf_token"]

    def call(self, method, path, body=None):
        headers = {"Cookie": self.cookie_, "X-CSRF-Token": self.csrf_}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):  # the server closes keep-alive connections idle for 5 s
            if self.conn_ is None:
                self.conn_ = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            start = time.perf_counter()
            try:
                self.conn_.request(method, path, body=data, headers=headers)
                r = self.conn_.getresponse()
                payload = r.read()
            except (http.client.HTTPException, ConnectionError) as e:
                self.conn_.close()
                self.conn_ = None
                if attempt == 1:
                    raise
                continue
            elapsed = time.perf_counter() - start
            for k, v in r.getheaders():
                if k.lower() == "set-cookie" and v.startswith("solimob_session="):
                    self.cookie_ = v.split(";")[0]
            return r.status, payload, elapsed
        raise AssertionError


def ms(x):
    return f"{x * 1000:.1f} ms"


def pct(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))]


def loadavg():
    return open("/proc/loadavg").read().split()[:3]


def main():
    c = client()
    status, body, _ = c.call("GET", "/api/analysis/territory")
    assert status == 200, (status, body[:200])
    territory = json.loads(body)
    departure = territory["departure"].replace(" ", "T")
    publics = [p["name"] for p in territory["publics"]]
    categories = [k["code"] for k in territory["categories"]]
    status, body, t_layer = c.call("GET", "/api/analysis/layers/population")
    assert status == 200, status
    points = []
    for f in json.loads(body)["features"]:
        if not f["properties"].get("all"):
            continue  # an empty cell: nobody asks for an isochrone from there
        g = f["geometry"]
        if g["type"] == "Point":
            points.append(tuple(g["coordinates"][:2]))
        else:  # a cell polygon: the mean of its outer ring's vertices
            ring = (g["coordinates"][0] if g["type"] == "Polygon" else g["coordinates"][0][0])[:-1]
            points.append((sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)))
    rng = random.Random(13)
    print(f"== {LABEL}: {territory['name']}; {len(points)} populated cells; departure {departure}; "
          f"territory window {territory['window']} (isochrone route default 10); publics {publics}; "
          f"categories {categories}; population layer {ms(t_layer)}, {len(body) // 1024} KiB")

    def isochrone_path():
        lon, lat = rng.choice(points)
        return (f"/api/analysis/isochrone?lon={lon:.6f}&lat={lat:.6f}&profile=walk&departure={departure}"
                f"&cutoffs=15,30")

    statuses = {}

    def timed_isochrone(cl, path):
        try:
            status, body, t = cl.call("GET", path)
        except Exception as e:  # noqa: BLE001 - any failure is an error of the load
            status, body, t = f"exception {type(e).__name__}", b"", float("nan")
        if status == 400 and b'"field":"lon"' in body:
            status = "400 off-network"  # a hexagon centre beyond the link radius of any street: not a failure
        statuses[status] = statuses.get(status, 0) + 1
        if status not in (200, "400 off-network") and statuses[status] <= 3:
            print(f"   error {status} on {path}: {body[:200]!r}")
        return status in (200, "400 off-network"), t

    ok, t = timed_isochrone(c, isochrone_path())
    print(f"isochrone warm-up (builds the engine): {ms(t)} ({'ok' if ok else 'FAILED'})")

    seq = []
    for _ in range(50):
        ok, t = timed_isochrone(c, isochrone_path())
        if ok:
            seq.append(t)
    print(f"isochrone sequential N=50: median {ms(statistics.median(seq))}, p95 {ms(pct(seq, 95))}, "
          f"max {ms(max(seq))}, ok {len(seq)}/50; load {loadavg()}")

    users = [client() for _ in range(20)]
    paths = [[isochrone_path() for _ in range(20)] for _ in users]
    times, errors, lock = [], [0], threading.Lock()

    def user(i):
        for p in paths[i]:
            ok, t = timed_isochrone(users[i], p)
            with lock:
                if ok:
                    times.append(t)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=user, args=(i,)) for i in range(20)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - start
    print(f"isochrone 20 users x 20: p50 {ms(pct(times, 50))}, p95 {ms(pct(times, 95))}, max {ms(max(times))}, "
          f"errors {errors[0]}/400, {400 / wall:.1f} req/s over {wall:.1f} s; load {loadavg()}")
    print(f"isochrone statuses: {statuses}")

    public = publics[1] if len(publics) > 1 else publics[0]
    job = {"kind": "access", "public": public, "category": categories[0]}
    start = time.perf_counter()
    status, body, _ = c.call("POST", "/api/analysis/jobs", job)
    if status not in (200, 202):
        print(f"access job POST: {status} {body[:300]!r}")
        return 1
    job_id = json.loads(body)["id"]
    while True:
        status, body, _ = c.call("GET", f"/api/analysis/jobs/{job_id}")
        state = json.loads(body)["status"] if status == 200 else f"http {status}"
        if state not in ("queued", "running"):
            break
        time.sleep(0.05)
    computed = time.perf_counter() - start
    print(f"access job {job}: {state} after {computed:.2f} s (submit -> done, polled every 50 ms); "
          f"result {len(body) // 1024} KiB; load {loadavg()}")
    if state != "done":
        print(f"   {body[:300]!r}")
        return 1
    gets, posts, post_statuses = [], [], {}
    for _ in range(20):
        status, _, t = c.call("GET", f"/api/analysis/jobs/{job_id}")
        assert status == 200, status
        gets.append(t)
        status, _, t = c.call("POST", "/api/analysis/jobs", job)
        post_statuses[status] = post_statuses.get(status, 0) + 1
        posts.append(t)
    print(f"access job cached: GET done job median {ms(statistics.median(gets))} (max {ms(max(gets))}); "
          f"repeated POST median {ms(statistics.median(posts))} (max {ms(max(posts))}), statuses {post_statuses}")
    return 0 if errors[0] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
