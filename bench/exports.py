"""Export profiles benchmark on SQLite and PostgreSQL (issue 6). Prints ratios measured in one run.

    make bench-exports                                   # 20,000 formations
    make bench-exports BENCH_ARGS="--formations 2000"    # a quick run

The benchmark flux is imported, a consumer is subscribed to a delta LHEO 2.3 profile (delivered to
a folder) and takes a first, full delivery. Then 1 % of the published formations change (0.8 %
rewritten, 0.2 % withdrawn) and, each in a fresh process: the delta delivery (changed formations
plus the withdrawals' list, best of 3) and a full delivery of the same state (best of 2), both
produced (files written, checksummed and recorded). The goal is delta ÷ full ≤ 0.1.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from common import database_urls, generate_flux, run
from lheo_offre import with_referentiels

CHANGED, WITHDRAWN = 0.008, 0.002
REPEATS = {"delta": 3, "full": 2}
LOG_WAIT_SECONDS = 900  # PostgreSQL: the change log waits for older transactions of the cluster


def worker(step: str, folder: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db.models import Value
    from django.db.models.functions import Concat
    from django.utils import timezone

    from efop.api import changelog
    from efop.api.models import Consommateur
    from efop.flux.exports.delta import changes_since
    from efop.flux.exports.production import produce
    from efop.flux.exports.remise import deliver
    from efop.flux.models import Abonnement, ProfilExport
    from efop.offre.enums import FormationStatus
    from efop.offre.models import Formation

    if step == "subscribe":
        profil = ProfilExport.objects.create(code="bench", nom="Bench", formats=["lheo-2.3"], mode="delta")
        consommateur = Consommateur(nom="Bench")
        consommateur.new_key()
        consommateur.save()
        Abonnement.objects.create(
            profil=profil, consommateur=consommateur, remise="dossier", emplacement=folder
        )
        return {}
    abonnement = Abonnement.objects.select_related("profil").get(profil__code="bench")
    if step == "change":
        ids = list(Formation.objects.diffusees().order_by("pk").values_list("pk", flat=True))
        step_size = max(1, round(1 / (CHANGED + WITHDRAWN)))
        chosen = ids[::step_size]
        withdrawn, changed = chosen[: round(len(ids) * WITHDRAWN)], chosen[round(len(ids) * WITHDRAWN) :]
        Formation.objects.filter(pk__in=changed).update(intitule=Concat("intitule", Value(" (modifiée)")))
        Formation.objects.filter(pk__in=withdrawn).update(
            status=FormationStatus.RETIREE, withdrawn_at=timezone.now()
        )
        return {"published": len(ids), "changed": len(changed), "withdrawn": len(withdrawn)}
    if step in ("first", "delta"):
        # PostgreSQL hands the change log out up to the oldest transaction still running in the
        # cluster: wait until it shows what was written, or the delta would differ from 1 %.
        base = abonnement.base()
        start = changelog.Position(base.xid, base.seq, base.change_id) if base else changelog.Position()
        expected = int(os.environ.get("BENCH_EXPECTED", "0")) or Formation.objects.count()
        deadline = time.monotonic() + LOG_WAIT_SECONDS
        while len(changes_since(start)[1]) < expected:
            if time.monotonic() > deadline:
                raise SystemExit(f"the change log did not catch up in {LOG_WAIT_SECONDS} s")
            time.sleep(1)
    if step == "first":
        started = time.perf_counter()
        livraison = deliver(produce(abonnement, complet=True))
        return {"seconds": time.perf_counter() - started, **_counts(livraison)}
    # Best of REPEATS productions of the same state (files written and recorded, not handed over:
    # the consumer's base stays, so each delta holds the same changes).
    timings = []
    for _ in range(REPEATS[step]):
        started = time.perf_counter()
        livraison = produce(abonnement, complet=step == "full")
        timings.append(time.perf_counter() - started)
    return {"seconds": min(timings), **_counts(livraison)}


def _counts(livraison) -> dict:
    return {
        "mode": livraison.mode,
        "formations": livraison.formations,
        "retraits": livraison.retraits,
        "bytes": sum(fichier.taille for fichier in livraison.fichiers.all()),
    }


def step(name: str, env: dict, folder: Path) -> dict:
    return json.loads(
        run([sys.executable, "bench/exports.py", "--step", name, "--folder", str(folder)], env, capture=True)
    )


def measure(label: str, url: str, flux: Path, workdir: Path) -> list[str]:
    env = with_referentiels(url, workdir)
    run([sys.executable, "bench/worker.py", "import", str(flux)], env, capture=True)
    folder = workdir / f"remis-{label}"
    step("subscribe", env, folder)
    first = step("first", env, folder)
    changes = step("change", env, folder)
    delta = step("delta", {**env, "BENCH_EXPECTED": str(changes["changed"])}, folder)
    full = step("full", env, folder)
    return [
        f"{label}: {changes['published']} published formations; first full delivery {first['seconds']:.2f} s",
        f"  changes: {changes['changed']} rewritten, {changes['withdrawn']} withdrawn "
        f"({100 * (changes['changed'] + changes['withdrawn']) / changes['published']:.1f} %)",
        f"  delta: {delta['formations']} formations + {delta['retraits']} withdrawals, "
        f"{delta['bytes'] / 1e6:.2f} MB, {delta['seconds']:.2f} s",
        f"  full:  {full['formations']} formations, {full['bytes'] / 1e6:.2f} MB, {full['seconds']:.2f} s",
        f"  delta after 1 % of changes ÷ full export   {delta['seconds'] / full['seconds']:5.3f}   (goal ≤ 0.1)",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--formations", type=int, default=20000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--step", choices=["subscribe", "first", "change", "delta", "full"], help=argparse.SUPPRESS
    )
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(worker(args.step, args.folder)))
        return
    with tempfile.TemporaryDirectory(prefix="efop-bench-") as tmp:
        workdir = Path(tmp)
        flux = generate_flux(workdir, args.formations, seed=7, name="flux.xml")
        print(f"Export profiles benchmark: {args.formations} formations ({flux.stat().st_size / 1e6:.0f} MB)")
        urls = database_urls(workdir)
        for name in args.databases.split(","):
            for line in measure(name, urls[name], flux, workdir):
                print(line)


if __name__ == "__main__":
    main()
