"""Duplicate detection benchmark on SQLite and PostgreSQL (issue 5 §1). Prints ratios measured in one run.

    make bench-doublons                                   # 20,000 formations (and 5,000)
    make bench-doublons BENCH_ARGS="--formations 4000"    # a quick run

For N/4 then N formations: the benchmark flux is imported as a source, and its first 5 % again as
a second source (real duplicates, from two sources); then, each in a fresh process, a bare read of
what detection reads (plain SELECT * of formations, places, sessions and organisations) and the
detection of both kinds (every pair stored). Detection compares records within blocks (place,
SIREN, NDA…), so multiplying the offer by 4 should multiply its time by about 4, not by 16.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from common import bare_read, database_urls, generate_flux, run
from lheo_offre import with_referentiels

TABLES = ("offre.Formation", "offre.Action", "offre.LieuFormation", "offre.Session", "organismes.Organisme")
SEED = 7


def detect() -> dict:
    from efop.doublons import detection

    result = detection.detect()
    return {
        "read": result.lus,
        "pairs": {type_: counts["nouveaux"] for type_, counts in result.counts.items()},
    }


def worker(step: str) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    started = time.perf_counter()
    counts = bare_read(TABLES) if step == "read" else detect()
    print(json.dumps({"seconds": time.perf_counter() - started, **counts}))


def step(name: str, env: dict) -> dict:
    return json.loads(run([sys.executable, "bench/doublons.py", "--step", name], env, capture=True))


def measure(url: str, formations: int, workdir: Path) -> dict:
    flux = generate_flux(workdir, formations, seed=SEED, name=f"flux-{formations}.xml")
    copie = generate_flux(workdir, max(1, formations // 20), seed=SEED, name=f"copie-{formations}.xml")
    env = with_referentiels(url, workdir)
    run([sys.executable, "-m", "efop.cli", "lheo", "import", str(flux), "--source", "region", "-v0"], env)
    run([sys.executable, "-m", "efop.cli", "lheo", "import", str(copie), "--source", "copie", "-v0"], env)
    read = min(step("read", env)["seconds"] for _ in range(2))
    found = step("detect", env)
    return {"read": read, "detect": found["seconds"], "pairs": found["pairs"], "copies": formations // 20}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--formations", type=int, default=20000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--step", choices=["read", "detect"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        worker(args.step)
        return
    sizes = (args.formations // 4, args.formations)
    print(
        f"Duplicate detection benchmark: {sizes[0]} then {sizes[1]} formations, 5 % copied by a second source"
    )
    with tempfile.TemporaryDirectory(prefix="efop-bench-") as tmp:
        workdir = Path(tmp)
        urls = database_urls(workdir)
        for name in args.databases.split(","):
            small, large = (measure(urls[name], size, workdir) for size in sizes)
            for size, figures in zip(sizes, (small, large), strict=True):
                print(
                    f"{name}, {size} formations: detection ÷ bare read {figures['detect'] / figures['read']:5.2f} "
                    f"({figures['pairs']['formation']} formation pairs for {figures['copies']} copies, "
                    f"{figures['pairs']['organisme']} organisation pairs)"
                )
            print(
                f"{name}: detection time ×{large['detect'] / small['detect']:.1f} for ×4 formations "
                "(linear ≈ 4, all pairs = 16)"
            )


if __name__ == "__main__":
    main()
