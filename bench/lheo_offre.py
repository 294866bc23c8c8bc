"""LHEO import/export benchmark on SQLite and PostgreSQL (issue 2). Prints ratios measured in one run.

    make bench                       # 20,000 formations, and a 4x file for peak memory
    make bench BENCH_ARGS="--formations 2000 --no-large"   # a quick run

Every ratio divides a step's time by a bare lxml iterparse of the same file measured in the same
run, so the figures hold on any machine. Each step runs in a fresh process (its own peak RSS).
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from common import EFOP, database_urls, fresh_database, generate_flux, run


def with_referentiels(url: str, workdir: Path) -> dict:
    """A fresh base with the référentiels, as in production."""
    env = fresh_database(url, workdir)
    run([*EFOP, "referentiels", "load", "-v0"], env)
    return env


def step(name: str, path: Path, env: dict) -> dict:
    return json.loads(run([sys.executable, "bench/worker.py", name, str(path)], env, capture=True))


def reader(result: dict) -> str:
    """The reading process's peak, when the import read ahead (efop.flux.ahead)."""
    return f" (reading process {result['child_peak_rss_mb']:.0f} MB)" if result["child_peak_rss_mb"] else ""


def measure(label: str, url: str, flux: Path, large: Path | None, workdir: Path) -> list[str]:
    env = with_referentiels(url, workdir)
    parse = step("parse", flux, env)["seconds"]
    first = step("import", flux, env)
    again = step("reimport", flux, env)
    export = step("export", workdir / f"export-{label}.xml", env)
    written = {k: again["counts"].get(k, 0) for k in ("creees", "modifiees", "retirees")}
    lines = [
        f"{label}: bare parse {parse:.2f} s; import {first['seconds']:.2f} s "
        f"({first['counts'].get('creees', 0)} créées, {first['counts'].get('rejetees', 0)} rejetées)",
        f"  import ÷ bare parse              {first['seconds'] / parse:5.2f}   (goal ≤ 3)",
        f"  re-import unchanged ÷ bare parse {again['seconds'] / parse:5.2f}   (goal ≤ 1.2; rows written: "
        f"{sum(written.values())})",
        f"  export ÷ bare parse              {export['seconds'] / parse:5.2f}   (goal ≤ 2)",
        f"  peak RSS import 1x               {first['peak_rss_mb']:6.0f} MB{reader(first)}",
    ]
    if large:
        env = with_referentiels(url, workdir)
        big = step("import", large, env)
        lines.append(
            f"  peak RSS import 4x               {big['peak_rss_mb']:6.0f} MB{reader(big)} (goal: flat, < 400 MB)"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--formations", type=int, default=20000)
    parser.add_argument("--no-large", action="store_true", help="skip the 4x file (peak memory)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="efop-bench-") as tmp:
        workdir = Path(tmp)
        flux = generate_flux(workdir, args.formations, seed=7, name="flux.xml")
        large = (
            None if args.no_large else generate_flux(workdir, 4 * args.formations, seed=8, name="flux-4x.xml")
        )
        size_mb = flux.stat().st_size / 1e6
        print(f"LHEO benchmark: {args.formations} formations ({size_mb:.0f} MB)")
        urls = database_urls(workdir)
        for name in args.databases.split(","):
            for line in measure(name, urls[name], flux, large, workdir):
                print(line)


if __name__ == "__main__":
    main()
