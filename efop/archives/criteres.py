"""The filter values of a formation, read from its export record (efop.offre.export_records):
codes of its domain, funders, and the places of its actions with what the référentiels say of
their communes (département, EPCI, the Region's territories)."""

from collections import defaultdict
from collections.abc import Iterable

from efop.offre.enums import CodeKind
from efop.offre.lheo_mapping.engine import Record
from efop.referentiels.models import Commune, Territoire

from .enums import Critere

CODE_KINDS = {CodeKind.FORMACODE: Critere.FORMACODE, CodeKind.ROME: Critere.ROME, CodeKind.NSF: Critere.NSF}
MAX_VALEUR = 20


class Geographie:
    """Département, EPCI and territories of communes, read once per batch."""

    def __init__(self, communes: Iterable[str]):
        codes = sorted(set(communes) - {""})
        self.commune: dict[str, tuple[str, str]] = {
            code: (departement or "", epci or "")
            for code, departement, epci in Commune.objects.filter(code_insee__in=codes).values_list(
                "code_insee", "departement__code", "epci__code"
            )
        }
        self.territoires: dict[str, list[str]] = defaultdict(list)
        rows = Territoire.communes.through.objects.filter(commune__code_insee__in=codes)
        for commune, territoire in rows.values_list("commune__code_insee", "territoire__code"):
            self.territoires[commune].append(territoire)


def lieux(record: Record) -> Iterable[Record]:
    for action in record.children.get("actions", ()):
        yield from action.children.get("lieux", ())


def communes(record: Record) -> set[str]:
    return {lieu.values.get("adresse_code_insee_commune") or "" for lieu in lieux(record)}


def criteres(record: Record, geographie: Geographie) -> set[tuple[str, str]]:
    """(kind, valeur) pairs of `record`."""
    found: set[tuple[str, str]] = set()
    for code in record.children.get("codes", ()):
        kind = CODE_KINDS.get(code.values.get("kind"))
        if kind and code.values.get("code"):
            found.add((kind, code.values["code"].strip()))
    for action in record.children.get("actions", ()):
        for financeur in action.children.get("financeurs", ()):
            if financeur.values.get("code_financeur"):
                found.add((Critere.FINANCEUR, financeur.values["code_financeur"]))
    for lieu in lieux(record):
        commune = lieu.values.get("adresse_code_insee_commune") or ""
        departement, epci = geographie.commune.get(commune, ("", ""))
        departement = lieu.values.get("adresse_departement") or departement
        if commune:
            found.add((Critere.COMMUNE, commune))
        if departement:
            found.add((Critere.DEPARTEMENT, departement))
        if epci:
            found.add((Critere.EPCI, epci))
        found.update(
            (Critere.TERRITOIRE, territoire) for territoire in geographie.territoires.get(commune, ())
        )
    return {(kind, valeur[:MAX_VALEUR]) for kind, valeur in found if valeur}
