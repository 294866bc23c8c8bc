"""What a saved query asks: the search engine's filters (efop.recherche.SearchQuery, which only
sees formations in the index: published, not blocked, with a session not over) plus conditions
on the offer itself — funders, codes, organisations, sources, tags, status — that hold for every
formation, indexed or not."""

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from efop.offre.enums import CodeKind
from efop.offre.models import Formation
from efop.recherche import SearchQuery
from efop.recherche.engine import matching_formation_ids

SEARCH_FIELDS = {f.name for f in dataclasses.fields(SearchQuery)} - {"tri"}
SEARCH_DATES = {"debut_apres", "debut_avant"}


class CriteresInvalides(ValueError):
    """A saved query's criteria cannot be read: the message names the key and what to write."""


@dataclass(frozen=True)
class Criteres:
    recherche: dict = field(default_factory=dict)  # SearchQuery fields, JSON values
    financeurs: tuple[str, ...] = ()  # LHEO dict-financeurs codes on one of the actions
    formacodes: tuple[str, ...] = ()  # codes or prefixes (a domain and everything under it)
    romes: tuple[str, ...] = ()
    nsf: tuple[str, ...] = ()
    organismes: tuple[str, ...] = ()  # SIRETs of the responsable or of a formateur
    sources: tuple[str, ...] = ()  # Source codes
    etiquettes: tuple[str, ...] = ()  # Etiquette codes (any of them)
    statuts: tuple[str, ...] = ()  # FormationStatus values; empty: every status

    LISTS = ("financeurs", "formacodes", "romes", "nsf", "organismes", "sources", "etiquettes", "statuts")

    @classmethod
    def from_json(cls, data: dict) -> "Criteres":
        if not isinstance(data, dict):
            raise CriteresInvalides('Les critères doivent être un objet JSON ({"clé": valeur}).')
        unknown = set(data) - {"recherche", *cls.LISTS}
        if unknown:
            raise CriteresInvalides(
                f"Critère inconnu : {', '.join(sorted(unknown))}. Critères possibles : recherche, "
                + ", ".join(cls.LISTS)
                + "."
            )
        recherche = data.get("recherche") or {}
        if not isinstance(recherche, dict) or set(recherche) - SEARCH_FIELDS:
            raise CriteresInvalides(
                "« recherche » prend les filtres du moteur de recherche : "
                + ", ".join(sorted(SEARCH_FIELDS))
                + "."
            )
        lists = {}
        for name in cls.LISTS:
            values = data.get(name) or []
            if isinstance(values, str) or not all(isinstance(v, str) for v in values):
                raise CriteresInvalides(f'« {name} » doit être une liste de textes, par ex. ["…"].')
            lists[name] = tuple(values)
        return cls(recherche=recherche, **lists)

    def to_json(self) -> dict:
        data = {"recherche": self.recherche} if self.recherche else {}
        data.update({name: list(getattr(self, name)) for name in self.LISTS if getattr(self, name)})
        return data

    def search_query(self) -> SearchQuery | None:
        if not self.recherche:
            return None
        values = {}
        for name, value in self.recherche.items():
            if name in SEARCH_DATES and value:
                value = date.fromisoformat(value)
            elif isinstance(value, list):
                value = tuple(value)
            values[name] = value
        return SearchQuery(**values)

    def formations(self):
        formations = Formation.objects.originals()
        if query := self.search_query():
            formations = formations.filter(pk__in=matching_formation_ids(query))
        if self.statuts:
            formations = formations.filter(status__in=self.statuts)
        if self.sources:
            formations = formations.filter(source__code__in=self.sources)
        if self.financeurs:
            formations = formations.filter(
                pk__in=Formation.objects.filter(
                    actions__financeurs__code_financeur__in=self.financeurs
                ).values("pk")
            )
        for kind, codes in (
            (CodeKind.FORMACODE, self.formacodes),
            (CodeKind.ROME, self.romes),
            (CodeKind.NSF, self.nsf),
        ):
            if codes:
                prefixes = Q()
                for code in codes:
                    prefixes |= Q(codes__code__startswith=code)
                formations = formations.filter(
                    pk__in=Formation.objects.filter(prefixes, codes__kind=kind).values("pk")
                )
        if self.organismes:
            formations = formations.filter(
                pk__in=Formation.objects.filter(
                    Q(responsable__siret__in=self.organismes)
                    | Q(actions__formateurs__organisme__siret__in=self.organismes)
                ).values("pk")
            )
        if self.etiquettes:
            formations = formations.filter(
                pk__in=Formation.objects.filter(etiquetages__etiquette__code__in=self.etiquettes).values("pk")
            )
        return formations
