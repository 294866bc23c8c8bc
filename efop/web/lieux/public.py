"""The public pages of the lieux d'information (/lieux/): the search « près de chez moi » (a commune
and a radius, as for the offer, plus network, service and public) with a small map of the results,
and each place's page (hours with their exceptions, contacts, accessibility, appointment, and the
formations near it from the offer's search engine). Drafts and closed places are a 404."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from efop import recherche
from efop.lieux.horaires import JOURS, today_in_paris
from efop.lieux.models import LieuInformation
from efop.web.public import offer, places
from efop.web.public.jsonld import script
from efop.web.public.maps import Place, places_map

from . import jsonld
from .forms import RechercheLieuForm

PAGE_SIZE = 20
FORMATIONS_RAYON_KM = 20
FORMATIONS_SHOWN = 5


def _map(lieux):
    located = [Place(lieu, lieu.latitude, lieu.longitude) for lieu in lieux if lieu.latitude is not None]
    return places_map(located) if located else None


@require_GET
def lieux(request):
    form = RechercheLieuForm(request.GET or None)  # unbound at first: the default radius shows
    found = form.filter(LieuInformation.objects.publies().select_related("commune"))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    valid = form.is_valid() or not form.is_bound
    where = form.cleaned_data.get("lieu") if form.is_bound and valid else ""
    return render(
        request,
        "lieux/lieux.html",
        {
            "title": ("Lieux d'information" + (f" autour de {where}" if where else ""))
            if valid
            else "Erreur dans la recherche — Lieux d'information",
            "description": "Missions locales, agences France Travail, Cap emploi, CIO, Points information "
            "jeunesse, conseil en évolution professionnelle : où être conseillé près de chez vous.",
            "form": form,
            "where": where,
            "page_obj": page,
            "map": _map(page.object_list),
            "query": query.urlencode(),
        },
    )


def _formations(lieu: LieuInformation) -> tuple[list, int, str]:
    """Cards of the formations near the place, their total and the link to all of them."""
    if lieu.commune_id is None:
        return [], 0, ""
    try:
        page = recherche.search(
            recherche.SearchQuery(
                commune=lieu.commune.code_insee, rayon_km=FORMATIONS_RAYON_KM, tri=recherche.Tri.DISTANCE
            ),
            limit=FORMATIONS_SHOWN,
            facets=False,
        )
    except recherche.UnknownPlace:
        return [], 0, ""
    link = (
        reverse("public:resultats")
        + "?"
        + urlencode(
            {
                "lieu": places.label(lieu.commune, lieu.code_postal),
                "rayon": FORMATIONS_RAYON_KM,
                "tri": recherche.Tri.DISTANCE,
            }
        )
    )
    return offer.hit_cards(page.hits), page.total, link


@require_GET
def lieu(request, slug: str):
    found = get_object_or_404(LieuInformation.objects.publies().select_related("commune"), slug=slug)
    now = timezone.now()
    hours = found.horaires_lus()
    today = today_in_paris(now)
    cards, total, link = _formations(found)
    url = request.build_absolute_uri(reverse("lieux:lieu", args=[found.slug]))
    return render(
        request,
        "lieux/lieu.html",
        {
            "title": found.nom,
            "description": f"{found.get_reseau_display()} à {found.commune.nom if found.commune_id else ''} : "
            "adresse, horaires, contacts et prise de rendez-vous.",
            "lieu": found,
            "semaine": [
                (day, hours.semaine[day], index == today.weekday()) for index, day in enumerate(JOURS)
            ],
            "aujourdhui": hours.jour(today),
            "ouvert": hours.ouvert(now),
            "exceptions": hours.a_venir(today),
            "map": _map([found]),
            "cards": cards,
            "formations_total": total,
            "formations_url": link,
            "formations_rayon": FORMATIONS_RAYON_KM,
            "jsonld": script(jsonld.place(found, url)),
            "breadcrumb_data": {
                "links": [{"url": reverse("lieux:lieux"), "title": "Lieux d'information"}],
                "current": found.nom,
            },
        },
    )
