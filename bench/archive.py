"""Archive of the offer and no-change runs, on SQLite and PostgreSQL (issue 6). Prints ratios
measured in one run.

    make bench-flux                                   # 20,000 formations
    make bench-flux BENCH_ARGS="--formations 2000"    # a quick run

A source (watched folder) applies the benchmark flux through the real pipeline, then a second
file (10 % of the formations changed, 5 % withdrawn), so that the archive holds two dates. Then,
each in a fresh process:

- the "offer on date D" query (D between the two files) ÷ the same query on the live offer, for
  a few filter sets (none, département, Formacode prefix, both), every id fetched (goal ≤ 2);
- a no-change run of the full source (the same file dropped again: same SHA-256 as the last one
  applied, recorded « inchangé ») ÷ a bare parse of its file (goal ≤ 1.2);
- the other path, a re-run of the last applied file (validated, staged, compared formation by
  formation, nothing written) ÷ the same bare parse, for the record.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, database_urls, generate_flux, run
from lheo_offre import with_referentiels

CASES = ({}, {"departement": "44"}, {"formacode": "31"}, {"departement": "49", "formacode": "2"})
REPEAT = 5


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))  # this checkout's efop, whatever the virtualenv points to
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _source(inbox: Path):
    from efop.flux.enums import LocationKind, SourceFormat
    from efop.flux.models import Source

    source, _ = Source.objects.get_or_create(
        code="bench",
        defaults={
            "nom": "Bench",
            "format": SourceFormat.LHEO_23,
            "location_kind": LocationKind.DOSSIER,
            "location": str(inbox),
            "pattern": "*.xml",
            "withdraw_threshold": 100,
        },
    )
    return source


def _run(source, **kwargs):
    from efop.flux import pipeline

    return pipeline.execute(pipeline.request_run(source, **kwargs))


def second_file(flux: Path, target: Path) -> None:
    """The flux with 10 % of its formations retitled and 5 % left out."""
    from efop.lheo.reader import read_lheo
    from efop.lheo.versions import LheoVersion
    from efop.lheo.writer import LheoWriter

    chance = random.Random(11)
    with open(flux, "rb") as handle, read_lheo(handle) as doc, LheoWriter(target, LheoVersion.V23) as writer:
        for item in doc.formations():
            draw = chance.random()
            if draw < 0.05:
                continue
            tree = item.tree
            if draw < 0.15:
                tree["intitule-formation"] = [f"{tree['intitule-formation'][0]} (session 2)"]
            writer.write_formation(tree)


def setup(flux: Path, inbox: Path) -> dict:
    from django.utils import timezone

    source = _source(inbox)
    shutil.copyfile(flux, inbox / "a.xml")
    first = _run(source)
    moment = timezone.now()
    second_file(flux, second_path(flux))
    shutil.copyfile(second_path(flux), inbox / "b.xml")
    second = _run(source)
    from efop.archives.models import VersionFormation

    return {
        "runs": [first.status, second.status],
        "counts": second.counts,
        "moment": moment.isoformat(),
        "versions": VersionFormation.objects.count(),
    }


def queries(moment: str) -> dict:
    from datetime import datetime

    from efop.archives.query import Filtres, offre_a_la_date, offre_vivante

    when = datetime.fromisoformat(moment)

    def timed(queryset) -> tuple[float, int]:
        best, size = None, 0
        for _ in range(REPEAT):
            started = time.perf_counter()
            size = len(list(queryset.all()))  # a fresh queryset each time: no result cache
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        return best, size

    rows = []
    for case in CASES:
        filtres = Filtres(**case)
        live_query = offre_vivante(filtres).values_list("pk", flat=True)
        archive_query = offre_a_la_date(when, filtres).values_list("formation_id", flat=True)
        timed(live_query), timed(archive_query)  # warm the caches of both
        archive, live = timed(archive_query), timed(live_query)
        rows.append({"filtres": case, "archive": archive, "live": live})
    return {"rows": rows}


def second_path(flux: Path) -> Path:
    return flux.with_name("flux-2.xml")


def nochange(flux: Path, inbox: Path) -> dict:
    """The partner drops the file of the last applied run again (twice: the first run warms the
    process, as a long-running worker is; the second is timed)."""
    source = _source(inbox)
    shutil.copyfile(second_path(flux), inbox / "c.xml")
    _run(source)
    shutil.copyfile(second_path(flux), inbox / "d.xml")
    started = time.perf_counter()
    run_ = _run(source)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "status": run_.status}


def rerun(inbox: Path) -> dict:
    source = _source(inbox)
    last = source.last_applied()
    started = time.perf_counter()
    run_ = _run(source, rerun_of=last)
    seconds = time.perf_counter() - started
    written = sum(run_.counts.get(key, 0) for key in ("creees", "modifiees", "retirees"))
    return {"seconds": seconds, "status": run_.status, "written": written}


def worker(step: str, flux: Path, inbox: Path, moment: str) -> dict:
    if step == "parse":
        sys.path.insert(0, str(Path(__file__).parent))
        from worker import bare_parse

        started = time.perf_counter()
        bare_parse(second_path(flux))  # the file of the no-change run
        return {"seconds": time.perf_counter() - started}
    _setup_django()
    if step == "setup":
        return setup(flux, inbox)
    if step == "queries":
        return queries(moment)
    if step == "nochange":
        return nochange(flux, inbox)
    return rerun(inbox)


def step(name: str, env: dict, flux: Path, inbox: Path, moment: str = "") -> dict:
    args = [sys.executable, "bench/archive.py", "--step", name, "--flux", str(flux), "--inbox", str(inbox)]
    return json.loads(run([*args, "--moment", moment], env, capture=True))


def measure(label: str, url: str, flux: Path, workdir: Path) -> list[str]:
    env = with_referentiels(url, workdir)
    inbox = workdir / f"depot-{label}"
    inbox.mkdir()
    ready = step("setup", env, flux, inbox)
    measured = step("queries", env, flux, inbox, ready["moment"])
    parse = min(step("parse", env, flux, inbox)["seconds"] for _ in range(2))
    same = step("nochange", env, flux, inbox)
    again = step("rerun", env, flux, inbox)
    lines = [
        f"{label}: runs {'/'.join(ready['runs'])}, second file {ready['counts']}; "
        f"{ready['versions']} versions archived; bare parse {parse:.2f} s"
    ]
    for row in measured["rows"]:
        (archive, size_a), (live, size_l) = row["archive"], row["live"]
        name = ", ".join(f"{k}={v}" for k, v in row["filtres"].items()) or "sans filtre"
        lines.append(
            f"  offer on date D ÷ live offer, {name:<28} {archive / live:5.2f}   (goal ≤ 2; "
            f"{size_a} vs {size_l} formations, {archive * 1000:.1f} vs {live * 1000:.1f} ms)"
        )
    lines += [
        f"  no-change run (same SHA-256, {same['status']}) ÷ bare parse {same['seconds'] / parse:5.2f}   (goal ≤ 1.2)",
        f"  re-run of the applied file (digests, {again['status']}, {again['written']} written) ÷ bare parse "
        f"{again['seconds'] / parse:5.2f}",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--formations", type=int, default=20000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--step", choices=["setup", "queries", "parse", "nochange", "rerun"], help=argparse.SUPPRESS
    )
    parser.add_argument("--flux", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--inbox", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--moment", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(worker(args.step, args.flux, args.inbox, args.moment)))
        return
    with tempfile.TemporaryDirectory(prefix="efop-bench-") as tmp:
        workdir = Path(tmp)
        flux = generate_flux(workdir, args.formations, seed=7, name="flux.xml")
        print(
            f"Archive and no-change benchmark: {args.formations} formations ({flux.stat().st_size / 1e6:.0f} MB)"
        )
        urls = database_urls(workdir)
        for name in args.databases.split(","):
            for line in measure(name, urls[name], flux, workdir):
                print(line)


if __name__ == "__main__":
    main()
