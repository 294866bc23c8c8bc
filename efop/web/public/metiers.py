"""The job or training domain of a search as the public types it — words of a ROME job (its fiche
or one of its appellations) or of a Formacode domain — resolved to one code, and suggestions for
the field.

A suggestion is written in the field with its code ("Soudeur / Soudeuse (ROME H2913)"), so that
picking one resolves without doubt. Free words resolve to the job or domain whose label they are
(one of the masculine / feminine forms of an appellation counts), else to the only code their
suggestions share; otherwise the public is asked to choose."""

import re
from dataclasses import dataclass

from efop.recherche import autocomplete_formacode, autocomplete_rome
from efop.recherche.text import fold
from efop.referentiels.enums import TypeFormacode
from efop.referentiels.models import Formacode, Rome

MAX_SUGGESTIONS = 10
MAX_CANDIDATES = 50  # suggestions weighed when resolving free words
NAMED_IN_ERROR = 5
ROME, FORMACODE = "rome", "formacode"
KIND_NAMES = {ROME: "ROME", FORMACODE: "Formacode"}
_CODED = re.compile(r"^(?P<label>.*?)\s*\((?P<kind>ROME|Formacode)\s+(?P<code>[0-9A-Za-z]+)\)\s*$", re.I)
_BARE_CODE = {ROME: re.compile(r"[A-Na-n]\d{4}"), FORMACODE: re.compile(r"\d{5}")}


class MetierError(ValueError):
    """Words that name no job or domain, or several; `suggestions` are what the public can pick."""

    def __init__(self, message: str, suggestions: list["Choice"]):
        super().__init__(message)
        self.suggestions = suggestions


@dataclass(frozen=True)
class Choice:
    kind: str  # ROME or FORMACODE
    code: str
    label: str  # a Formacode label, a ROME fiche label or an appellation
    rome_label: str = ""  # for an appellation, the label of its ROME fiche

    @property
    def text(self) -> str:
        """How it is written in the field."""
        return f"{self.label} ({KIND_NAMES[self.kind]} {self.code})"

    @property
    def detail(self) -> str:
        """What it is, shown beside it in the list of suggestions."""
        if self.kind == FORMACODE:
            return "Domaine de formation"
        return f"Métier : {self.rome_label}" if self.rome_label else "Métier"

    def forms(self) -> set[str]:
        """The folded ways of writing its label in full: the label, and the masculine and feminine
        forms of a label that gives both ("Soudeur / Soudeuse au plasma": "soudeur au plasma",
        "soudeuse au plasma")."""
        label = _folded(self.label)
        masculine, slash, feminine = label.partition(" / ")
        if not slash:
            return {label}
        shared = feminine.split()[len(masculine.split()) :]  # the words both forms end with
        return {label, " ".join([masculine, *shared]), feminine}


def _folded(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").split())


def _choices(text: str, limit: int) -> tuple[list[Choice], list[Choice]]:
    romes = [Choice(ROME, s.code, s.label, s.rome_label) for s in autocomplete_rome(text, limit)]
    return romes, [Choice(FORMACODE, s.code, s.label) for s in autocomplete_formacode(text, limit)]


def suggest(text: str, limit: int = MAX_SUGGESTIONS) -> list[Choice]:
    """Jobs and domains with words starting with every word of `text` (two letters at least): jobs
    first, and at least half of the list for domains when there are that many."""
    return _suggest(text, limit) if len(text.strip()) >= 2 else []


def _suggest(text: str, limit: int) -> list[Choice]:
    romes, formacodes = _choices(text, limit)
    romes = romes[: max(limit - len(formacodes), limit - limit // 2)]
    return romes + formacodes[: limit - len(romes)]


def _by_code(kind: str, code: str, label: str = "") -> Choice | None:
    code = code.upper()
    if kind == ROME:
        found = Rome.objects.active().filter(code=code).values_list("libelle", flat=True).first()
    else:
        domains = Formacode.objects.active().filter(type=TypeFormacode.DOMAINE, code=code)
        found = domains.values_list("libelle", flat=True).first()
    return None if found is None else Choice(kind, code, label or found)


def _coded(text: str) -> Choice | None:
    """The choice of a text that gives its code: "Soudage (Formacode 23026)", "H2913", "23026"."""
    match = _CODED.match(text)
    if match:
        return _by_code(match["kind"].lower(), match["code"], match["label"])
    for kind, pattern in _BARE_CODE.items():
        if pattern.fullmatch(text):
            return _by_code(kind, text)
    return None


def _only_code(choices: list[Choice]) -> Choice | None:
    """The first of `choices` when they all have the same code."""
    return choices[0] if choices and len({(c.kind, c.code) for c in choices}) == 1 else None


def resolve(text: str) -> Choice:
    """The job or domain `text` names; MetierError when it names none or several."""
    text = text.strip()
    coded = _coded(text)
    if coded:
        return coded
    romes, formacodes = _choices(text, MAX_CANDIDATES)
    candidates = romes + formacodes
    typed = _folded(text)
    found = _only_code([c for c in candidates if typed in c.forms()]) or _only_code(candidates)
    if found:
        return found
    if not candidates:
        raise MetierError(
            f"Aucun métier ni domaine de formation ne correspond à « {text} » : essayez un autre mot.",
            [],
        )
    suggestions = _suggest(text, MAX_SUGGESTIONS)
    one_per_code: dict[tuple[str, str], Choice] = {}
    for choice in suggestions:
        one_per_code.setdefault((choice.kind, choice.code), choice)
    named = ", ".join(f"« {choice.text} »" for choice in list(one_per_code.values())[:NAMED_IN_ERROR])
    raise MetierError(
        f"Plusieurs métiers ou domaines de formation correspondent à « {text} » : choisissez-en un, "
        f"par exemple {named}.",
        suggestions,
    )
