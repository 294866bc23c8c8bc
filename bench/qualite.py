"""Quality controls benchmark on SQLite and PostgreSQL (issue 5). Prints ratios measured in one run.

    make bench-qualite                                   # 20,000 formations
    make bench-qualite BENCH_ARGS="--formations 2000"    # a quick run

The benchmark flux is imported (the import ends with the controls of what it wrote) and the
organisations directory is loaded as `efop demo load` does (the real UAI file, a DGEFP list of the
flux's organisations: the NDA and Qualiopi rules run), then, each in a fresh process: a bare read
of every record the controls read (plain SELECT * of each table, rows fetched, nothing converted),
the nightly run over the whole base starting with no stored results (every finding written), and
the same run again (results unchanged, nothing written). The goal is nightly run ÷ bare read < 4.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from common import bare_read, database_urls, generate_flux, run
from lheo_offre import with_referentiels

TABLES = (
    "offre.Formation",
    "offre.FormationCode",
    "offre.Certification",
    "offre.Contact",
    "offre.Action",
    "offre.LieuFormation",
    "offre.ActionFormateur",
    "offre.Session",
    "offre.Financeur",
    "organismes.Organisme",
    "organismes.DeclarationActivite",
    "organismes.CertificatQualiopi",
)


def controls() -> dict:
    from efop.qualite import engine

    report = engine.run()
    return {
        "findings": sum(report.counts.values()),
        "by_rule": dict(report.counts.most_common()),
        "created": report.created,
        "deleted": report.deleted,
    }


def worker(step: str) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if step == "annuaire":
        from django.conf import settings

        from efop.organismes.annuaire.demo import charger_demo

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        rapports = charger_demo(settings.DATA_DIR)
        print(json.dumps({"loads": [str(diff) for rapport in rapports for diff in rapport.diffs]}))
        return
    if step == "first":  # the deletion is not part of the run
        from efop.qualite.models import Resultat

        Resultat.objects.all().delete()
    started = time.perf_counter()
    counts = bare_read(TABLES) if step == "read" else controls()
    print(json.dumps({"seconds": time.perf_counter() - started, **counts}))


def step(name: str, env: dict) -> dict:
    return json.loads(run([sys.executable, "bench/qualite.py", "--step", name], env, capture=True))


def measure(label: str, url: str, flux: Path, workdir: Path) -> list[str]:
    env = with_referentiels(url, workdir)
    run([sys.executable, "bench/worker.py", "import", str(flux)], env, capture=True)
    step("annuaire", env)
    reads = [step("read", env)]
    first = step("first", env)
    again = step("rerun", env)
    reads.append(step("read", env))
    read = min(r["seconds"] for r in reads)
    return [
        f"{label}: bare read {read:.2f} s ({reads[0]['rows']} rows); {first['findings']} findings",
        f"  nightly run, no stored results ÷ bare read   {first['seconds'] / read:5.2f}   (goal < 4; "
        f"{first['created']} results written)",
        f"  nightly run, results unchanged ÷ bare read   {again['seconds'] / read:5.2f}   (goal < 4; "
        f"{again['created'] + again['deleted']} rows written)",
        "  findings by rule: " + ", ".join(f"{rule} {count}" for rule, count in first["by_rule"].items()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--formations", type=int, default=20000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--step", choices=["annuaire", "read", "first", "rerun"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        worker(args.step)
        return
    with tempfile.TemporaryDirectory(prefix="efop-bench-") as tmp:
        workdir = Path(tmp)
        flux = generate_flux(workdir, args.formations, seed=7, name="flux.xml")
        print(
            f"Quality controls benchmark: {args.formations} formations ({flux.stat().st_size / 1e6:.0f} MB)"
        )
        urls = database_urls(workdir)
        for name in args.databases.split(","):
            for line in measure(name, urls[name], flux, workdir):
                print(line)


if __name__ == "__main__":
    main()
