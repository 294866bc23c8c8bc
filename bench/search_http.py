"""Search and API under load (issue 3), on SQLite and PostgreSQL. Prints figures measured in one run.

    make bench-search                                      # 20,000 formations, 8 clients
    make bench-search BENCH_ARGS="--formations 2000"       # a quick run

The offer is a generated regional flux imported into a fresh base per database. The app runs under
gunicorn on loopback; 8 client threads send a fixed, seeded mix of realistic requests (text + place
+ radius + funder searches with facets, result pages, formation pages, API detail) with the trivial
/healthz endpoint interleaved in the same mix, so that the search API's p95 can be divided by the
p95 of a request that costs only the framework and one query.
"""

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from common import EFOP, ROOT, database_urls, fresh_database, generate_flux, run

WORDS = [
    "soudeur",
    "aide-soignant",
    "comptabilité",
    "anglais",
    "cariste",
    "développeur web",
    "maçon",
    "vente",
    "secrétariat",
    "électricien",
    "cuisine",
    "logistique",
    "infirmier",
    "boulanger",
]
COMMUNES = ["44109", "49007", "72181", "85191", "53130", "44184", "49099", "85194"]  # prefectures & co
FINANCEURS = ["2", "4", "10", "16"]
CONN_MAX_AGE = 600  # persistent database connections, as in production (README, "Running in production")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url: str, flux: Path | None, workdir: Path) -> tuple[dict, str, list[tuple[int, str]]]:
    """The benchmark base at URL: fresh, with `flux` imported; with no flux, the base as it is
    (`--reuse`: the PostgreSQL base of an earlier run)."""
    if flux is None:
        env = {**os.environ, "DATABASE_URL": url, "EFOP_DATA_DIR": str(workdir / "data")}
    else:
        env = fresh_database(url, workdir)
        run([*EFOP, "referentiels", "load", "-v0"], env)
        run([*EFOP, "lheo", "import", str(flux), "--source", "bench", "-v0"], env)
        if url.startswith("postgres"):
            # What autovacuum does within minutes of a large import: the visibility map that
            # index-only scans rely on, and fresh statistics.
            run(["psql", url, "-qc", "VACUUM ANALYZE"], env)
    # Formation pages at their canonical address, as result lists and the sitemap link them.
    script = (
        "from efop.api.models import Consommateur;"
        "from efop.offre.models import Formation;"
        "from efop.web.public.links import formation_url;"
        "c = Consommateur(nom='bench'); key = c.new_key(); c.save();"
        "found = [(f.pk, formation_url(f)) for f in Formation.objects.diffusees().order_by('?')[:300]];"
        "import json; print(json.dumps({'key': key, 'formations': found}))"
    )
    found = json.loads(run([*EFOP, "shell", "-v0", "-c", script], env, capture=True).strip().splitlines()[-1])
    return env, found["key"], [tuple(formation) for formation in found["formations"]]


def request_mix(rng: random.Random, formations: list[tuple[int, str]], count: int) -> list[tuple[str, str]]:
    """(category, path) pairs: a fixed mix of what the public, advisers and partner sites ask."""
    mix = []
    for _ in range(count):
        word, commune, financeur = rng.choice(WORDS), rng.choice(COMMUNES), rng.choice(FINANCEURS)
        kind = rng.choices(
            ["api_search", "page_search", "page_formation", "api_formation", "trivial"],
            weights=[30, 20, 20, 10, 20],
        )[0]
        if kind == "api_search":
            params = {"q": word, "commune": commune, "rayon_km": 30, "financeur": financeur, "limit": 20}
            path = "/api/v1/formations?" + urllib.parse.urlencode(params)
        elif kind == "page_search":
            path = "/formations/?" + urllib.parse.urlencode({"q": word, "lieu": commune, "rayon": 30})
        elif kind == "page_formation":
            path = rng.choice(formations)[1]
        elif kind == "api_formation":
            path = f"/api/v1/formations/{rng.choice(formations)[0]}"
        else:
            path = "/healthz"
        mix.append((kind, path))
    return mix


class Client:
    """A client thread's HTTP connection, through http.client: the load generator shares the
    server's cores, and urllib's machinery cost more per request than the trivial endpoint.

    Each request goes on a new connection (`Connection: close`), as a reverse proxy sends them:
    gunicorn keeps a kept-alive connection with the worker that accepted it, and 8 long-lived
    connections were often shared 8-0 or 7-1 between the two workers."""

    def __init__(self, port: int, key: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Authorization": f"Bearer {key}", "Connection": "close"}

    def fetch(self, path: str) -> None:
        """GET `path`, following a redirect to the canonical slug; an error status raises."""
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        response.read()
        if response.status in (301, 302):
            self.fetch(urllib.parse.urlsplit(response.getheader("Location")).path)
        elif response.status >= 400:
            raise RuntimeError(f"{path}: HTTP {response.status}")

    def close(self) -> None:
        self.connection.close()


def load(
    port: int, key: str, formations: list[tuple[int, str]], clients: int, per_client: int
) -> tuple[dict, float]:
    timings: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()

    def client(seed: int) -> None:
        connection = Client(port, key)
        for kind, path in request_mix(random.Random(seed), formations, per_client):
            started = time.perf_counter()
            connection.fetch(path)
            elapsed = time.perf_counter() - started
            with lock:
                timings[kind].append(elapsed)
        connection.close()

    warm_up = Client(port, key)
    for _kind, path in request_mix(random.Random(0), formations, 40):  # not measured
        warm_up.fetch(path)
    warm_up.close()
    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(1, clients + 1)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, time.perf_counter() - started


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] * 1000


def serve(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "0", "DATABASE_CONN_MAX_AGE": str(CONN_MAX_AGE)},
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start")


def measure(label: str, url: str, flux: Path | None, workdir: Path, args) -> list[str]:
    env, key, formations = prepare(url, flux, workdir)
    port = free_port()
    server = serve(env, port, args.workers, args.threads)
    try:
        timings, elapsed = load(port, key, formations, args.clients, args.requests)
    finally:
        server.terminate()
        server.wait()
    total = sum(len(values) for values in timings.values())
    lines = [
        f"{label}: {total} requests in {elapsed:.1f} s, {total / elapsed:.0f} req/s "
        f"({args.clients} clients, gunicorn {args.workers} workers x {args.threads} threads)"
    ]
    for kind in sorted(timings):
        values = timings[kind]
        lines.append(
            f"  {kind:15s} p50 {percentile(values, 50):6.1f} ms   p95 {percentile(values, 95):6.1f} ms"
            f"   (n={len(values)})"
        )
    ratio = percentile(timings["api_search"], 95) / percentile(timings["trivial"], 95)
    lines.append(f"  search API p95 ÷ trivial p95   {ratio:5.2f}   (goal ≤ 3)")
    lines.append(
        f"  search page p95               {percentile(timings['page_search'], 95):6.1f} ms"
        f"   (goal ≤ 150 ms on PostgreSQL)"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--formations", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=150, help="requests per client")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the PostgreSQL base left by an earlier run as it is (no new flux, no import)",
    )
    args = parser.parse_args()
    if args.reuse:
        args.databases = "postgresql"
    with tempfile.TemporaryDirectory(prefix="efop-bench-") as tmp:
        workdir = Path(tmp)
        flux = None if args.reuse else generate_flux(workdir, args.formations, seed=7, name="flux.xml")
        print(f"Search benchmark: {'the existing base' if args.reuse else f'{args.formations} formations'}")
        urls = database_urls(workdir)
        for name in args.databases.split(","):
            for line in measure(name, urls[name], flux, workdir, args):
                print(line, flush=True)


if __name__ == "__main__":
    main()
