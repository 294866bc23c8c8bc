"""Suggestions while typing a Formacode domain or a job: accent- and case-insensitive word prefixes.

Labels are read from the référentiels and folded once per process (kept `CACHE_SECONDS`), then
matched in Python: the same suggestions on both databases, a few milliseconds for ~16,000 labels.
"""

import time
from dataclasses import dataclass

from efop.referentiels.enums import TypeFormacode
from efop.referentiels.models import Appellation, Formacode, Rome

from .text import fold

CACHE_SECONDS = 600


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


_cache: dict[str, tuple[float, list[_Entry]]] = {}


def _entries(kind: str) -> list[_Entry]:
    cached = _cache.get(kind)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    if kind == "formacode":
        rows = Formacode.objects.active().filter(type=TypeFormacode.DOMAINE).values_list("code", "libelle")
        suggestions = [Suggestion(code, label) for code, label in rows]
    else:
        romes = dict(Rome.objects.active().values_list("code", "libelle"))
        appellations = Appellation.objects.active().values_list("rome__code", "libelle")
        suggestions = [Suggestion(code, label) for code, label in romes.items()]
        suggestions += [Suggestion(code, label, romes.get(code, "")) for code, label in appellations]
    entries = []
    for suggestion in suggestions:
        words = fold(f"{suggestion.code} {suggestion.label}").replace("-", " ").split()
        entries.append(_Entry(suggestion, " " + " ".join(words), words[1] if len(words) > 1 else ""))
    _cache[kind] = (time.monotonic(), entries)
    return entries


def clear_cache() -> None:
    _cache.clear()


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
