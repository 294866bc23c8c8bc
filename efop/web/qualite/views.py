"""The public documentation of the quality controls: every rule, by family."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from efop.qualite.enums import Niveau
from efop.qualite.rules import REGISTRY, by_family


@require_GET
def regles(request):
    return render(
        request,
        "qualite/regles.html",
        {
            "title": "Contrôles qualité de l'offre de formation",
            "familles": by_family(),
            "total": len(REGISTRY),
            "niveaux": Niveau,
        },
    )
