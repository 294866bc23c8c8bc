"""What the benchmarks share: running efop commands against a database of their own."""

import os
import subprocess
import sys
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


def database_urls(workdir: Path) -> dict[str, str]:
    return {"sqlite": f"sqlite:///{workdir / 'bench.sqlite3'}", "postgresql": PG_URL}


def fresh_database(url: str, workdir: Path) -> dict:
    """An empty, migrated database at URL; returns the environment that points efop at it."""
    env = {**os.environ, "DATABASE_URL": url, "EFOP_DATA_DIR": str(workdir / "data")}
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"], env)
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    run([*EFOP, "migrate", "-v0"], env)
    return env


def generate_flux(workdir: Path, formations: int, seed: int, name: str) -> Path:
    """A generated regional flux (référentiels loaded into a scratch SQLite base first)."""
    env = fresh_database(f"sqlite:///{workdir / 'generator.sqlite3'}", workdir)
    run([*EFOP, "referentiels", "load", "--only", "communes,formacode,rome,certifications", "-v0"], env)
    path = workdir / name
    run(
        [
            *EFOP,
            "lheo",
            "generate",
            "--formations",
            str(formations),
            "--seed",
            str(seed),
            "--output",
            str(path),
            "-v0",
        ],
        env,
    )
    return path


def bare_read(tables: tuple[str, ...]) -> dict:
    """Every row of `tables` (app labels), fetched and dropped: what any pass over them must at least do."""
    from django.apps import apps
    from django.db import connection

    rows = 0
    with connection.cursor() as cursor:
        for label in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(apps.get_model(label)._meta.db_table)}")
            while chunk := cursor.fetchmany(5000):
                rows += len(chunk)
    return {"rows": rows}
