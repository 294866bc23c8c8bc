"""GET /suggestions: ROME jobs or Formacode domains matching words as they are typed."""

from typing import Annotated

from django.db import models
from ninja import Field, Query, Router, Schema
from pydantic import StringConstraints

from efop.recherche import autocomplete_formacode, autocomplete_rome

from .errors import ERRORS
from .params import NO_CONTROL

router = Router(tags=["référentiels"])


class TypeSuggestion(models.TextChoices):
    ROME = "rome", "Métiers du ROME (fiches et appellations)"
    FORMACODE = "formacode", "Domaines du Formacode"


SUGGEST = {TypeSuggestion.ROME: autocomplete_rome, TypeSuggestion.FORMACODE: autocomplete_formacode}


class SuggestionFilters(Schema):
    q: Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=NO_CONTROL)] = Field(
        description="Mots tapés : chaque mot doit commencer un mot du libellé (ni accents ni casse)"
    )
    type: TypeSuggestion = Field(description="`rome` : métiers ; `formacode` : domaines de formation")
    limit: int = Field(10, ge=1, le=50, description="Nombre de suggestions (50 au plus)")


class SuggestionOut(Schema):
    code: str = Field(description="Le code ROME (celui de la fiche, pour une appellation) ou le Formacode")
    libelle: str = Field(description="Le libellé trouvé : fiche ROME, appellation ou domaine Formacode")
    libelle_rome: str | None = Field(description="Pour une appellation, le libellé de sa fiche ROME")


class Suggestions(Schema):
    results: list[SuggestionOut]


@router.get(
    "/suggestions", response={200: Suggestions, **ERRORS}, summary="Suggestions de métiers ou de domaines"
)
def suggestions(request, filters: Query[SuggestionFilters]):
    """Pour compléter une saisie : les fiches et appellations du ROME, ou les domaines du Formacode,
    dont les mots commencent par chacun des mots tapés, les libellés qui commencent par le premier
    mot d'abord. Le code trouvé sert de filtre `rome` ou `formacode` de `/formations`."""
    found = SUGGEST[filters.type](filters.q, filters.limit)
    return {
        "results": [{"code": s.code, "libelle": s.label, "libelle_rome": s.rome_label or None} for s in found]
    }
