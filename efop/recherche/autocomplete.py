"""Suggestions while typing a Formacode domain or a job: accent- and case-insensitive word prefixes.

Labels are read from the référentiels and folded once per process, then matched in Python: the
same suggestions on both databases, a few milliseconds for ~16,000 labels. The folded labels are
read again as soon as the référentiels change (a load, a rolled-back test): each call checks the
count and latest dates of their rows, a millisecond or two.
"""

from dataclasses import dataclass

from django.db.models import Count, Max

from efop.referentiels.enums import TypeFormacode
from efop.referentiels.models import Appellation, Formacode, Rome

from .text import fold

SOURCES = {"formacode": (Formacode,), "rome": (Rome, Appellation)}


@dataclass(frozen=True)
class Suggestion:
    code: str  # the Formacode, or the ROME code an appellation belongs to
    label: str  # what matched: a Formacode label, a ROME fiche label or an appellation
    rome_label: str = ""  # for an appellation, the label of its ROME fiche


@dataclass(frozen=True)
class _Entry:
    suggestion: Suggestion
    words: str  # the code and the label, folded, each word preceded by a space
    first: str  # the first word of the label, folded


_cache: dict[str, tuple[tuple, list[_Entry]]] = {}


def _state(kind: str) -> tuple:
    """What changes whenever the rows the suggestions of `kind` are made of change."""
    return tuple(
        tuple(model.objects.aggregate(Count("pk"), Max("updated_at"), Max("removed_at")).values())
        for model in SOURCES[kind]
    )


def _entries(kind: str) -> list[_Entry]:
    state = _state(kind)
    cached = _cache.get(kind)
    if cached and cached[0] == state:
        return cached[1]
    if kind == "formacode":
        rows = Formacode.objects.active().filter(type=TypeFormacode.DOMAINE).values_list("code", "libelle")
        suggestions = [Suggestion(code, label) for code, label in rows]
    else:
        romes = dict(Rome.objects.active().values_list("code", "libelle"))
        appellations = Appellation.objects.active().values_list("rome__code", "libelle")
        suggestions = [Suggestion(code, label) for code, label in romes.items()]
        suggestions += [  # an appellation worded as its fiche would only repeat it
            Suggestion(code, label, romes.get(code, ""))
            for code, label in appellations
            if label != romes.get(code)
        ]
    entries = []
    for suggestion in suggestions:
        words = fold(f"{suggestion.code} {suggestion.label}").replace("-", " ").split()
        entries.append(_Entry(suggestion, " " + " ".join(words), words[1] if len(words) > 1 else ""))
    _cache[kind] = (state, entries)
    return entries


def _suggest(kind: str, prefix: str, limit: int) -> list[Suggestion]:
    typed = fold(prefix).replace("-", " ").split()
    if not typed:
        return []
    starts = [" " + part for part in typed]  # a word starting with each part typed
    found = []
    for entry in _entries(kind):
        if all(start in entry.words for start in starts):
            later = not entry.first.startswith(typed[0])  # labels starting with what is typed come first
            found.append((later, len(entry.suggestion.label), entry.suggestion.label, entry.suggestion))
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found[:limit]]


def autocomplete_formacode(prefix: str, limit: int = 10) -> list[Suggestion]:
    """Formacode domains whose code or label has words starting with every word typed."""
    return _suggest("formacode", prefix, limit)


def autocomplete_rome(prefix: str, limit: int = 10) -> list[Suggestion]:
    """ROME fiches and appellations (each with its ROME code) matching every word typed."""
    return _suggest("rome", prefix, limit)
