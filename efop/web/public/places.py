"""The place of a search as the public types it — a commune name, a postcode, or both ("Nantes",
"44000", "Nantes (44000)") — resolved to a commune of the référentiel, and suggestions for the field.

Names are compared without case, accents, hyphens or apostrophes, by a regular expression the
database evaluates (SQLite and PostgreSQL alike): no index to build or keep fresh."""

import re
import unicodedata

from django.db.models import Case, IntegerField, Value, When

from efop.referentiels.cache import per_load
from efop.referentiels.enums import TypeCommune
from efop.referentiels.models import PAYS_DE_LA_LOIRE, Commune

MAX_SUGGESTIONS = 8
_CODE = re.compile(r"\b(\d{5})\b")
_SEPARATORS = re.compile(r"[\s'’\-()]+")
_LETTER_CLASSES = {
    "a": "aàâäAÀÂÄ",
    "c": "cçCÇ",
    "e": "eéèêëEÉÈÊË",
    "i": "iîïIÎÏ",
    "o": "oôöOÔÖ",
    "u": "uùûüUÙÛÜ",
    "y": "yÿYŸ",
}


class PlaceError(ValueError):
    """A place that names no commune, or several; `suggestions` are labels the public can pick."""

    def __init__(self, message: str, suggestions: list[str]):
        super().__init__(message)
        self.suggestions = suggestions


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_SEPARATORS.split(plain)).strip()


def _name_pattern(text: str) -> str:
    """A regular expression matching the names that fold to `text`'s folded form."""
    parts = []
    for char in _fold(text):
        if char == " ":
            parts.append("[-'’ ]+")
        elif char in _LETTER_CLASSES:
            parts.append(f"[{_LETTER_CLASSES[char]}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _communes():
    in_region = Case(
        When(region__code=PAYS_DE_LA_LOIRE, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Commune.objects.active()
        .filter(type=TypeCommune.COMMUNE)
        .with_coordinates()
        .select_related("departement")
        .annotate(hors_region=in_region)
        .order_by("hors_region", "-population", "nom")
    )


def label(commune: Commune, code_postal: str = "") -> str:
    """How a commune is written in the field: "Nantes (44000)"."""
    codes = commune.codes_postaux_list
    code = code_postal if code_postal in codes else (codes[0] if codes else commune.departement.code)
    return f"{commune.nom} ({code})"


def suggest(text: str) -> list[str]:
    """Labels of the communes whose name or postcode starts with `text`, the region's first."""
    text = text.strip()
    if len(text) < 2:
        return []
    if text.isdigit():
        found = _communes().filter(codes_postaux__regex=rf"(^| ){text}")
        return [
            label(c, next(p for p in c.codes_postaux_list if p.startswith(text)))
            for c in found[:MAX_SUGGESTIONS]
        ]
    return [label(c) for c in _communes().filter(nom__iregex=f"^{_name_pattern(text)}")[:MAX_SUGGESTIONS]]


@per_load(maxsize=2048)
def resolve(text: str) -> Commune:
    """The commune `text` names; PlaceError when it names none or several. The commune is shared
    by every caller (kept per load of the référentiels): read it, never change it."""
    match = _CODE.search(text)
    code = match.group(1) if match else ""
    name = _CODE.sub(" ", text).strip(" ()")
    candidates = _communes()
    if code:
        candidates = candidates.by_code_postal(code) | candidates.filter(code_insee=code)
    if name:
        candidates = candidates.filter(nom__iregex=f"^{_name_pattern(name)}$")
    found = list(candidates[: MAX_SUGGESTIONS + 1])
    if not found:
        raise PlaceError(f"Aucune commune ne correspond à « {text} ».", suggest(name or code))
    if len(found) == 1 or code or found[0].hors_region != found[1].hors_region:
        # a postcode shared by several communes: its most populous one; a name: the region's one
        return found[0]
    raise PlaceError(
        f"Plusieurs communes s'appellent « {name} » : précisez le code postal.",
        [label(c) for c in found[:MAX_SUGGESTIONS]],
    )
