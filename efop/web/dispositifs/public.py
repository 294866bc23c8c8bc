"""The public pages of the schemes: the list with its filters, a scheme's page (who, what,
conditions, how to apply, the offer it can fund), and the eligibility finder. Drafts and archived
schemes are a 404; the advisers' technical sheet is never shown here."""

import math

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from efop import recherche
from efop.dispositifs.eligibilite import Verdict, perimetre, tranche_age
from efop.dispositifs.enums import STATUTS_PLURIEL, Projet, Situation
from efop.dispositifs.models import Dispositif
from efop.dispositifs.simulateur import trouver
from efop.web.public import jsonld, offer
from efop.web.public.labels import Labels
from efop.web.public.views import _page_number, _query_string

from .forms import FiltreForm, SimulateurForm

PAGE_SIZE = 20
OFFRE_PAGE_SIZE = 10
DESCRIPTION = (
    "Les dispositifs d'aide à la formation et à l'emploi de la région : qui peut en bénéficier, "
    "ce qu'ils financent, comment les demander."
)


@require_GET
def liste(request):
    form = FiltreForm(request.GET)
    found = form.filter(Dispositif.objects.publies().en_vigueur())
    page = Paginator(found.order_by("nom", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dispositifs/liste.html",
        {
            "title": "Dispositifs de financement"
            if form.is_valid()
            else "Erreur dans la recherche — Dispositifs",
            "description": DESCRIPTION,
            "form": form,
            "page_obj": page,
            "query": _query_string(request, page=None),
        },
    )


def _offre(request, dispositif: Dispositif) -> dict:
    """The published offer the scheme can fund: the formations it is tagged on, or else those with one
    of its funders (the search engine, page by page)."""
    etiquettes = list(dispositif.etiquettes.all())
    if etiquettes:
        tagged = offer.published().filter(etiquetages__etiquette__in=etiquettes).distinct()
        page = Paginator(offer.card_queryset(tagged).order_by("intitule", "pk"), OFFRE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return {"offre_page_obj": page, "cards": offer.cards(list(page)), "query": ""}
    if not dispositif.codes_financeurs:
        return {}
    query = recherche.SearchQuery(financeurs=tuple(dispositif.codes_financeurs), tri=recherche.Tri.DEBUT)
    found = recherche.search(
        query, limit=OFFRE_PAGE_SIZE, cursor=request.GET.get("curseur") or None, facets=False
    )
    number = _page_number(request)
    return {
        "page": found,
        "cards": offer.hit_cards(found.hits),
        "page_number": number,
        "page_count": max(1, math.ceil(found.total / OFFRE_PAGE_SIZE)),
        "next_query": _query_string(request, curseur=found.next_cursor, page=number + 1),
        "first_query": _query_string(request, curseur=None, page=None),
        "offre_total": found.total,
    }


@require_GET
def fiche(request, slug: str):
    dispositif = get_object_or_404(Dispositif.objects.publies(), slug=slug)
    criteres = dispositif.criteres()
    url = request.build_absolute_uri(reverse("dispositifs:fiche", args=[slug]))
    try:
        offre = _offre(request, dispositif)
    except recherche.InvalidCursor as error:
        return HttpResponseBadRequest(str(error))
    labels = Labels()
    return render(
        request,
        "dispositifs/fiche.html",
        {
            "title": dispositif.nom,
            "description": dispositif.resume[:300] or DESCRIPTION,
            "canonical": url,
            "dispositif": dispositif,
            "termine": dispositif.fin is not None and dispositif.fin < timezone.localdate(),
            "publics": [STATUTS_PLURIEL.get(code, code) for code in dispositif.statuts],
            "tranche_age": tranche_age(dispositif.age_min, dispositif.age_max),
            "situations": [
                Situation(code).label for code in dispositif.situations if code in Situation.values
            ],
            "projets": [Projet(code).label for code in dispositif.projets if code in Projet.values],
            "perimetre": perimetre(criteres),
            "financeurs": [labels.financeur(code) for code in dispositif.codes_financeurs],
            "metiers": dispositif.metiers.all(),
            "breadcrumb_data": {
                "links": [{"url": reverse("dispositifs:liste"), "title": "Dispositifs"}],
                "current": dispositif.nom,
            },
            "jsonld": jsonld.script(
                {
                    "@context": "https://schema.org",
                    "@type": "GovernmentService",
                    "name": dispositif.nom,
                    "description": dispositif.resume,
                    "url": url,
                    "areaServed": perimetre(criteres),
                    **(
                        {"audience": {"@type": "Audience", "audienceType": dispositif.public}}
                        if dispositif.public
                        else {}
                    ),
                }
            ),
            **offre,
        },
    )


@require_GET
def simulateur(request):
    form = SimulateurForm(request.GET or None)
    context = {
        "title": "Simulateur : à quels dispositifs avez-vous droit ?",
        "description": "Répondez à quelques questions : les dispositifs de formation et d'emploi qui "
        "peuvent vous concerner, avec les raisons.",
        "form": form,
    }
    if form.is_bound and form.is_valid():
        resultats = trouver(form.reponses())
        context["groupes"] = [
            (verdict, [r for r in resultats if r.evaluation.verdict == verdict]) for verdict in Verdict
        ]
        context["title"] = (
            f"{sum(1 for r in resultats if r.evaluation.verdict == Verdict.ELIGIBLE)} dispositif(s) pour vous — Simulateur"
        )
    elif form.is_bound:
        context["title"] = "Erreur dans vos réponses — Simulateur"
    return render(request, "dispositifs/simulateur.html", context)
