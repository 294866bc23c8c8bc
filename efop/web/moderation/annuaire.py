"""The staff's search of the organisations directory: one box for a name, a SIREN, a SIRET, an
NDA or a UAI; each legal unit with what the official files say, linked to its admin page."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from efop.organismes.enums import EtatAdministratif
from efop.organismes.models import CertificatQualiopi, CodeUai, DeclarationActivite, UniteLegale
from efop.web.espace.access import staff_required

PAGE_SIZE = 25


@staff_required
@require_GET
def recherche(request):
    texte = " ".join(request.GET.get("q", "").split())
    unites = (
        UniteLegale.objects.recherche(texte)
        .annotate(
            ouverts=Count(
                "etablissements",
                filter=Q(etablissements__retire_le=None, etablissements__etat=EtatAdministratif.ACTIF),
                distinct=True,
            ),
            fermes=Count(
                "etablissements",
                filter=Q(etablissements__retire_le=None, etablissements__etat=EtatAdministratif.FERME),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch(
                "declarations",
                DeclarationActivite.objects.presents().prefetch_related(
                    Prefetch("certificats", CertificatQualiopi.objects.en_cours())
                ),
            ),
            Prefetch("codes_uai", CodeUai.objects.presents()),
        )
        .order_by("denomination", "siren")
        if texte
        else UniteLegale.objects.none()
    )
    page = Paginator(unites, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/annuaire.html",
        {"title": "Annuaire des organismes", "q": texte, "page_obj": page},
    )
