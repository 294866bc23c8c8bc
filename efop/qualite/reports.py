"""What the quality reports read: counts of the open findings (without a derogation) by rule,
source, organisation and zone, the trend left by the full runs, and each formation's
completeness score. Read-only: services.py writes."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BigIntegerField, Case, Count, F, Sum, When

from efop.flux.models import Source
from efop.offre.models import LieuFormation
from efop.organismes.models import Organisme
from efop.referentiels.models import Commune, Territoire

from .batch import Batch, Refs
from .engine import BATCH_SIZE
from .enums import Axe, Niveau, TypeEnregistrement
from .models import NIVEAUX_ORDER, ControleRun, Releve, Resultat
from .rules import REGISTRY
from .rules.completude import completude

TREND_RUNS = 30  # full runs shown in the trend
TOP_ORGANISMES = 20


@dataclass(frozen=True, order=True)
class Zone:
    axe: str
    code: str
    nom: str

    @property
    def label(self) -> str:
        return f"{self.nom} ({self.code})" if self.axe == Axe.DEPARTEMENT else self.nom


def zones_of_formations() -> dict[int, set[Zone]]:
    """The départements and territories where each formation has a place (by its commune)."""
    places = (
        LieuFormation.objects.exclude(adresse_code_insee_commune="")
        .values_list("action__formation_id", "adresse_code_insee_commune")
        .distinct()
    )
    communes_of: dict[int, set[str]] = defaultdict(set)
    for formation_id, code in places.iterator(chunk_size=5000):
        communes_of[formation_id].add(code)
    zones_of_commune: dict[str, set[Zone]] = defaultdict(set)
    for code, dep_code, dep_nom in (
        Commune.objects.active()
        .filter(departement__isnull=False)
        .values_list("code_insee", "departement__code", "departement__nom")
        .iterator(chunk_size=5000)
    ):
        zones_of_commune[code].add(Zone(Axe.DEPARTEMENT, dep_code, dep_nom))
    for code, ter_code, ter_nom in Territoire.communes.through.objects.values_list(
        "commune__code_insee", "territoire__code", "territoire__nom"
    ).iterator(chunk_size=5000):
        zones_of_commune[code].add(Zone(Axe.TERRITOIRE, ter_code, ter_nom))
    return {
        formation_id: set().union(*(zones_of_commune.get(code, ()) for code in codes))
        for formation_id, codes in communes_of.items()
    }


def open_findings():
    """The findings staff still have to look at: those without a derogation."""
    return Resultat.objects.without_derogation()


def counts_by_zone(resultats, key: Iterable[str] = ()) -> Counter:
    """{(zone, *key values): findings} — a finding counts once in each zone of its formation."""
    zones_of = zones_of_formations()
    counts: Counter = Counter()
    key = tuple(key)
    rows = (
        resultats.filter(formation__isnull=False)
        .values(*key, "formation_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*key, "formation_id", "n")
    )
    for *values, formation_id, n in rows.iterator(chunk_size=5000):
        for zone in zones_of.get(formation_id, ()):
            counts[(zone, *values)] += n
    return counts


def by_rule(resultats) -> list[dict]:
    """[{rule, titre, level, count}] sorted by level (blocking first) then count."""
    rows = resultats.values("rule", "level").annotate(n=Count("pk")).order_by()
    table = [
        {
            "rule": row["rule"],
            "titre": REGISTRY[row["rule"]].titre if row["rule"] in REGISTRY else "",
            "level": row["level"],
            "level_label": Niveau(row["level"]).label,
            "count": row["n"],
        }
        for row in rows
    ]
    return sorted(table, key=lambda row: (NIVEAUX_ORDER.index(row["level"]), -row["count"], row["rule"]))


def by_source(resultats) -> list[dict]:
    rows = resultats.values("source_id").annotate(n=Count("pk")).order_by("-n")
    sources = Source.objects.in_bulk([row["source_id"] for row in rows if row["source_id"]])
    return [{"source": sources.get(row["source_id"]), "count": row["n"]} for row in rows]


def by_organisme(resultats, limit: int = TOP_ORGANISMES) -> list[dict]:
    """The organisations with the most findings (on their formations or on themselves)."""
    organisme = Case(
        When(record_type=TypeEnregistrement.ORGANISME, then=F("record_id")),
        default=F("formation__responsable_id"),
        output_field=BigIntegerField(),
    )
    rows = (
        resultats.annotate(organisme=organisme)
        .filter(organisme__isnull=False)
        .values("organisme")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisme")[:limit]
    )
    organismes = Organisme.objects.in_bulk([row["organisme"] for row in rows])
    return [
        {"organisme": organismes[row["organisme"]], "count": row["n"]}
        for row in rows
        if row["organisme"] in organismes
    ]


def by_zone(resultats) -> list[dict]:
    """[{zone, count}]: départements first, then territories, by name."""
    counts = counts_by_zone(resultats)
    return [{"zone": zone, "count": n} for (zone,), n in sorted(counts.items())]


def trend(limit: int = TREND_RUNS) -> list[dict]:
    """The open findings after each of the last full runs, oldest first: [{run, total, by level}]."""
    runs = list(ControleRun.objects.complets().order_by("-started_at", "-pk")[:limit])[::-1]
    totals = defaultdict(Counter)
    for run_id, level, n in (
        Releve.objects.filter(run__in=runs, axe=Axe.ENSEMBLE)
        .values("run_id", "level")
        .annotate(n=Sum("count"))
        .values_list("run_id", "level", "n")
    ):
        totals[run_id][level] = n
    highest = max((sum(totals[run.pk].values()) for run in runs), default=0) or 1
    points = []
    for position, run in enumerate(runs):
        total = sum(totals[run.pk].values())
        height = round(100 * total / highest)
        points.append(
            {
                "run": run,
                "total": total,
                "levels": [totals[run.pk][level] for level in NIVEAUX_ORDER],
                "x": 10 * position,  # the SVG bars: 10 units apart, 100 high
                "y": 100 - height,
                "height": height,
            }
        )
    return points


def completude_of(formation_ids: Iterable[int]) -> dict[int, tuple[int, list[str]]]:
    """{formation id: (completeness score in %, what is missing)}, as the completeness rule
    computes it (read now, not from the last run)."""
    ids = sorted(formation_ids)
    refs = Refs()
    scores = {}
    for start in range(0, len(ids), BATCH_SIZE):
        batch = Batch(ids[start : start + BATCH_SIZE], refs)
        for formation in batch.formations:
            scores[formation["id"]] = completude(batch, formation)
    return scores


def conseil_completude() -> str:
    """How to raise the score (the completeness rule's advice)."""
    return REGISTRY["FORMATION-COMPLETUDE"].conseil
