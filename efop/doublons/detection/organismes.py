"""Organisations that are probably the same. Records are grouped by blocking keys (SIRET, SIREN,
NDA, postcode, commune) and only compared within a group, so the work grows with the number of
organisations, not with its square:
- the same SIRET once normalised (an organisation whose SIRET was received misspelt — spaces, dots,
  a lost leading zero — is known only by its source's key): score 100;
- the same NDA: score 95;
- the same SIREN and very similar names: the names' score;
- an organisation known only by its source (no usable SIRET: a misspelt one reaches the base as a
  placeholder) whose name is very similar to that of an organisation with a SIRET, in the same
  postcode or commune: the names' score less 10;
- two organisations with very similar names in the same postcode or commune whose SIRETs differ by
  one typing error (a digit changed, added, dropped, or two swapped): the names' score.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from efop.lheo.values import normalize_nda
from efop.organismes.models import Organisme

from .pairs import Pairs, Progress, comparable, digits, similar, token_set

NAME_THRESHOLD = 90  # rapidfuzz token_set_ratio of the folded names
SIRET_SCORE = 100
NDA_SCORE = 95
NAME_ONLY_PENALTY = 10


@dataclass(frozen=True)
class _Organisme:
    id: int
    has_siret: bool  # identified by its SIRET (else only by its source's key)
    siret: str  # normalised, from the SIRET column or from the SIRET as received
    siret_brut: str
    nda: str
    nom: str  # comparable form
    codepostal: str
    ville: str  # comparable form
    ville_nom: str
    source: str


def normalised_siret(siret: str, siret_brut: str) -> str:
    """The stored SIRET, else the received one with every non-digit removed (13 digits: the leading
    zero a spreadsheet dropped); '' when that gives no plausible SIRET."""
    if siret:
        return siret
    value = digits(siret_brut)
    if len(value) == 13:
        value = "0" + value
    return value if len(value) == 14 and len(set(value)) > 1 else ""


def _read() -> list[_Organisme]:
    rows = Organisme.objects.values_list(
        "id",
        "cle",
        "siret",
        "siret_brut",
        "numero_activite",
        "raison_sociale",
        "nom_organisme",
        "adresse_codepostal",
        "adresse_ville",
        "source__code",
    )
    return [
        _Organisme(
            id=pk,
            has_siret=cle.startswith("siret:"),
            siret=normalised_siret(siret, siret_brut),
            siret_brut=siret_brut,
            nda=normalize_nda(nda) or "" if nda else "",
            nom=comparable(raison_sociale or nom_organisme),
            codepostal=codepostal.strip(),
            ville=comparable(ville),
            ville_nom=ville.strip(),
            source=source or "",
        )
        for pk, cle, siret, siret_brut, nda, raison_sociale, nom_organisme, codepostal, ville, source in rows.iterator(
            chunk_size=2000
        )
    ]


def _groups(organismes: Iterable[_Organisme], key) -> list[list[_Organisme]]:
    groups = defaultdict(list)
    for organisme in organismes:
        if value := key(organisme):
            groups[value].append(organisme)
    return [group for group in groups.values() if len(group) > 1]


def _same_siret(group: list[_Organisme], pairs: Pairs) -> None:
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            spellings = sorted({a.siret_brut or a.siret, b.siret_brut or b.siret})
            written = f" (écrit « {spellings[0]} » et « {spellings[1]} »)" if len(spellings) > 1 else ""
            pairs.add(a.id, b.id, SIRET_SCORE, f"Même SIRET {a.siret}{written}.")


def _same_nda(group: list[_Organisme], pairs: Pairs) -> None:
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            pairs.add(a.id, b.id, NDA_SCORE, f"Même numéro de déclaration d'activité {a.nda}.")


def _same_siren(group: list[_Organisme], pairs: Pairs) -> None:
    for i, j, score in similar([o.nom for o in group], token_set, NAME_THRESHOLD):
        a, b = group[i], group[j]
        if a.siret != b.siret:
            pairs.add(a.id, b.id, score, f"Même SIREN {a.siret[:9]} et noms très proches ({score} %).")


def _by_name(group: list[_Organisme], where: str, pairs: Pairs) -> None:
    local = [o for o in group if not o.has_siret]
    known = [o for o in group if o.has_siret]
    if local and known:
        for i, j, score in similar(
            [o.nom for o in local], token_set, NAME_THRESHOLD, against=[o.nom for o in known]
        ):
            a, b = local[i], known[j]
            pairs.add(
                a.id,
                b.id,
                score - NAME_ONLY_PENALTY,
                f"Noms très proches ({score} %), {where} ; l'un n'est connu que de la source "
                f"{a.source or 'inconnue'}, sans SIRET utilisable.",
            )
    for i, j, score in similar([o.nom for o in known], token_set, NAME_THRESHOLD):
        a, b = known[i], known[j]
        if DamerauLevenshtein.distance(a.siret, b.siret) == 1:
            first, second = sorted((a.siret, b.siret))
            pairs.add(
                a.id,
                b.id,
                score,
                f"SIRET {first} et {second} à une faute de frappe près, noms très proches "
                f"({score} %), {where}.",
            )


def _place(organisme: _Organisme) -> str:
    """The blocking key of the name comparisons: the postcode, else the commune."""
    return (
        f"cp:{organisme.codepostal}"
        if organisme.codepostal
        else organisme.ville and f"ville:{organisme.ville}"
    )


def _by_place(group: list[_Organisme], pairs: Pairs) -> None:
    first = group[0]
    where = f"même code postal {first.codepostal}" if first.codepostal else f"même commune {first.ville_nom}"
    _by_name(group, where, pairs)


def detect(pairs: Pairs, progress: Progress | None = None) -> int:
    """Add the probable duplicate organisations to `pairs`; returns how many were read."""
    organismes = _read()
    blocks = [
        *((group, _same_siret) for group in _groups(organismes, lambda o: o.siret)),
        *((group, _same_nda) for group in _groups(organismes, lambda o: o.nda)),
        *((group, _same_siren) for group in _groups(organismes, lambda o: o.siret[:9])),
        *((group, _by_place) for group in _groups(organismes, _place)),
    ]
    for done, (group, compare) in enumerate(blocks, start=1):
        compare(group, pairs)
        if progress:
            progress(done, len(blocks))
    return len(organismes)
