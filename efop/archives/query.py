"""Reading the archive: the offer as it was at a moment, with the filters staff use, and the same
filters on the live offer (`Formation.objects.diffusees()`), to compare."""

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from efop.offre.enums import CodeKind
from efop.offre.models import Financeur, Formation, FormationCode, LieuFormation
from efop.referentiels.models import Commune, Territoire

from .enums import Critere
from .models import CritereVersion, VersionFormation


@dataclass(frozen=True)
class Filtres:
    """Empty values do not filter. Formacode and ROME take a code or a prefix (`223`, `H29`)."""

    source: str = ""
    territoire: str = ""
    departement: str = ""
    epci: str = ""
    formacode: str = ""
    rome: str = ""
    financeur: str = ""
    siret: str = ""

    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls)]

    def items(self) -> dict[str, str]:
        """The filters given, cleaned (codes in capitals, as the référentiels write them)."""
        return {
            name: value.upper() if name in ("rome", "departement") else value
            for name in self.names()
            if (value := getattr(self, name).strip())
        }


PREFIXES = {"formacode": Critere.FORMACODE, "rome": Critere.ROME}
EXACTS = {
    "territoire": Critere.TERRITOIRE,
    "departement": Critere.DEPARTEMENT,
    "epci": Critere.EPCI,
    "financeur": Critere.FINANCEUR,
}


def instant(moment: date | datetime) -> datetime:
    """A date stands for the end of that day (site time): the offer once the day's changes are in."""
    if isinstance(moment, datetime):
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    next_day = datetime.combine(moment + timedelta(days=1), time.min, timezone.get_current_timezone())
    return next_day - timedelta(microseconds=1)


def offre_a_la_date(
    moment: date | datetime, filtres: Filtres | None = None, *, diffusees: bool = True, **criteres: str
) -> QuerySet[VersionFormation]:
    """The versions of the formations diffused at `moment` (with `diffusees=False`, also the
    published ones a quality control held back), filtered by `filtres` or keyword filters
    (source=…, territoire=…, departement=…, formacode=…)."""
    filtres = filtres or Filtres(**criteres)
    versions = VersionFormation.objects.a_la_date(instant(moment))
    if diffusees:
        versions = versions.diffusees()
    for name, value in filtres.items().items():
        if name == "source":
            versions = versions.filter(source_code=value)
        elif name == "siret":
            versions = versions.filter(responsable_siret=value)
        elif name in PREFIXES:
            versions = versions.avec_critere(PREFIXES[name], [value], prefixe=True)
        else:
            versions = versions.avec_critere(EXACTS[name], [value])
    return versions


def offre_vivante(filtres: Filtres | None = None, **criteres: str) -> QuerySet[Formation]:
    """The same filters on the live offer (what the public sees now)."""
    filtres = filtres or Filtres(**criteres)
    formations = Formation.objects.diffusees()
    lieux = LieuFormation.objects.filter(action__formation=OuterRef("pk"))
    for name, value in filtres.items().items():
        if name == "source":
            formations = formations.filter(source__code=value)
        elif name == "siret":
            formations = formations.filter(responsable__siret=value)
        elif name in PREFIXES:
            kind = CodeKind.FORMACODE if name == "formacode" else CodeKind.ROME
            codes = FormationCode.objects.filter(formation=OuterRef("pk"), kind=kind, code__startswith=value)
            formations = formations.filter(Exists(codes))
        elif name == "departement":
            formations = formations.filter(Exists(lieux.filter(adresse_departement=value)))
        elif name == "territoire":
            communes = Territoire.communes.through.objects.filter(territoire__code=value)
            formations = formations.filter(
                Exists(lieux.filter(adresse_code_insee_commune__in=communes.values("commune__code_insee")))
            )
        elif name == "epci":
            formations = formations.filter(
                Exists(lieux.filter(adresse_code_insee_commune__in=_communes_epci(value)))
            )
        elif name == "financeur":
            financeurs = Financeur.objects.filter(action__formation=OuterRef("pk"), code_financeur=value)
            formations = formations.filter(Exists(financeurs))
    return formations


def _communes_epci(code: str):
    return Commune.objects.filter(epci__code=code).values("code_insee")


def comptes(versions: QuerySet[VersionFormation], kind: str) -> list[tuple[str, int]]:
    """How many of `versions` have each value of `kind` (most first)."""
    rows = (
        CritereVersion.objects.filter(version__in=versions.values("pk"), kind=kind)
        .values("valeur")
        .annotate(n=Count("version", distinct=True))
        .order_by("-n", "valeur")
    )
    return [(row["valeur"], row["n"]) for row in rows]
