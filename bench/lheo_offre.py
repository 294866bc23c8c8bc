"""LHEO import/export benchmark on SQLite and PostgreSQL (issue 2). Prints ratios measured in one run.

    make bench                       # 20,000 formations, and a 4x file for peak memory
    make bench BENCH_ARGS="--formations 2000 --no-large"   # a quick run

Every ratio divides a step's time by a bare lxml iterparse of the same file measured in the same
run, so the figures hold on any machine. Each step runs in a fresh process (its own peak RSS).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EFOP = [sys.executable, "-m", "efop.cli"]
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/efop_bench")


def run(args: list[str], env: dict, capture: bool = False) -> str:
    result = subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    return result.stdout if capture else ""


def step(name: str, path: Path, env: dict) -> dict:
    return json.loads(run([sys.executable, "bench/worker.py", name, str(path)], env, capture=True))


def fresh_database(url: str, workdir: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "EFOP_DATA_DIR": str(workdir / "data")}
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"], env)
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    run([*EFOP, "migrate", "-v0"], env)
    return env


def measure(label: str, url: str, flux: Path, large: Path | None, workdir: Path) -> list[str]:
    env = fresh_database(url, workdir)
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
        f"  peak RSS import 1x               {first['peak_rss_mb']:6.0f} MB",
    ]
    if large:
        env = fresh_database(url, workdir)
        big = step("import", large, env)
        lines.append(
            f"  peak RSS import 4x               {big['peak_rss_mb']:6.0f} MB (goal: flat, < 400 MB)"
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
        env = fresh_database(f"sqlite:///{workdir / 'ref.sqlite3'}", workdir)
        run([*EFOP, "referentiels", "load", "-v0"], env)
        flux = workdir / "flux.xml"
        run(
            [
                *EFOP,
                "lheo",
                "generate",
                "--formations",
                str(args.formations),
                "--seed",
                "7",
                "--output",
                str(flux),
                "-v0",
            ],
            env,
        )
        large = None
        if not args.no_large:
            large = workdir / "flux-4x.xml"
            run(
                [
                    *EFOP,
                    "lheo",
                    "generate",
                    "--formations",
                    str(4 * args.formations),
                    "--seed",
                    "8",
                    "--output",
                    str(large),
                    "-v0",
                ],
                env,
            )
        size_mb = flux.stat().st_size / 1e6
        print(f"LHEO benchmark: {args.formations} formations ({size_mb:.0f} MB)")
        urls = {"sqlite": f"sqlite:///{workdir / 'bench.sqlite3'}", "postgresql": PG_URL}
        for name in args.databases.split(","):
            for line in measure(name, urls[name], flux, large, workdir):
                print(line)


if __name__ == "__main__":
    main()
