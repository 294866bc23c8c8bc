"""Public pages: home, search results, formation, organisation; commune, job and domain suggestions
for the search."""

import math

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from efop import recherche
from efop.doublons.redirects import merged_formation, merged_organisme
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation
from efop.organismes.annuaire.fiche import fiche
from efop.organismes.annuaire.relations import relations
from efop.organismes.models import Organisme
from efop.plateaux.models import PlateauTechnique

from . import jsonld, links, metiers, offer, places
from .forms import SearchForm
from .labels import Labels
from .maps import region_map
from .text import summary

PAGE_SIZE = 20
SITE_DESCRIPTION = (
    "Trouvez une formation professionnelle près de chez vous : dates des sessions, lieux, "
    "financements, certifications et organismes de formation."
)


@require_GET
def accueil(request):
    return render(
        request,
        "public/accueil.html",
        {
            "form": SearchForm(),
            "description": SITE_DESCRIPTION,
            "total": offer.published().count(),
        },
    )


@require_GET
def resultats(request):
    form = SearchForm(request.GET)
    context = {
        "form": form,
        "description": SITE_DESCRIPTION,
        "title": "Rechercher une formation",
        "labels": None,
    }
    if form.is_valid():
        try:
            page = recherche.search(
                form.to_query(), limit=PAGE_SIZE, cursor=request.GET.get("curseur") or None
            )
        except recherche.InvalidCursor as error:
            return HttpResponseBadRequest(str(error))
        form.show_facets(page.facets)
        number = _page_number(request)
        context |= {
            "page": page,
            "cards": offer.hit_cards(page.hits),
            "page_number": number,
            "page_count": max(1, math.ceil(page.total / PAGE_SIZE)),
            "next_query": _query_string(request, curseur=page.next_cursor, page=number + 1),
            "first_query": _query_string(request, curseur=None, page=None),
            "title": _results_title(form, page.total, number),
        }
    else:
        context["title"] = "Erreur dans la recherche — Rechercher une formation"
    return render(request, "public/resultats.html", context)


@require_GET
def formation(request, pk: str, slug: str = ""):
    found = Formation.objects.only("pk", "intitule", "status", "bloquee_qualite").filter(pk=pk).first()
    if found is None or found.status != FormationStatus.PUBLIEE:
        if kept := merged_formation(int(pk)):
            return redirect(links.formation_url(kept), permanent=True)
    if found is None:
        raise Http404
    if found.status == FormationStatus.RETIREE:
        return render(request, "public/retiree.html", {"title": "Formation retirée"}, status=410)
    if found.status != FormationStatus.PUBLIEE or found.bloquee_qualite:
        raise Http404
    canonical = links.formation_url(found)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    shown = offer.formation_page().get(pk=pk)
    organisme_url = links.organisme_url(shown.responsable) if shown.responsable else None
    lieux = [lieu for action in shown.current_actions for lieu in action.lieux.all()]
    return render(
        request,
        "public/formation.html",
        {
            "formation": shown,
            "title": shown.intitule,
            "description": summary(shown.objectif, shown.contenu, shown.intitule),
            "canonical": request.build_absolute_uri(canonical),
            "labels": Labels(),
            "organisme_url": organisme_url,
            "map": region_map(lieux),
            "plateaux": PlateauTechnique.objects.published().used_by(shown).order_by("intitule"),
            "jsonld": jsonld.script(
                jsonld.course(
                    shown,
                    request.build_absolute_uri(canonical),
                    organisme_url and request.build_absolute_uri(organisme_url),
                )
            ),
        },
    )


@require_GET
def organisme(request, key: str, slug: str = ""):
    lookup = links.organisme_lookup(key)
    found = Organisme.objects.filter(**lookup).first()
    if found is None:
        if kept := merged_organisme(lookup):
            return redirect(links.organisme_url(kept), permanent=True)
        raise Http404
    formations = offer.card_queryset(offer.offer_of(found)).order_by("intitule", "pk")
    paginator = Paginator(formations, PAGE_SIZE)
    if not paginator.count and not offer.organismes_with_offer().filter(pk=found.pk).exists():
        raise Http404  # no published offer (an offer blocked by quality controls keeps the page)
    canonical = links.organisme_url(found)
    if request.path != canonical:
        return redirect(
            f"{canonical}?{request.GET.urlencode()}" if request.GET else canonical, permanent=True
        )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "public/organisme.html",
        {
            "organisme": found,
            "title": str(found) if page.number == 1 else f"{found} — page {page.number}",
            "description": f"{found} : {paginator.count} formation{'s' if paginator.count > 1 else ''} "
            f"publiée{'s' if paginator.count > 1 else ''}, lieux, dates et contacts.",
            "canonical": request.build_absolute_uri(canonical),
            "page_obj": page,
            "cards": offer.cards(page.object_list),
            "annuaire": fiche(found.siret) if found.siret else None,
            "relations": relations(found),
        },
    )


@require_GET
def communes(request):
    """The <option>s of the commune field's datalist (htmx fills it as the public types; the field
    is `lieu` on the searches, `commune` on the back office's place form)."""
    return render(
        request,
        "public/_communes.html",
        {"suggestions": places.suggest(request.GET.get("lieu") or request.GET.get("commune", ""))},
    )


@require_GET
def metiers_suggeres(request):
    """The <option>s of the job or domain field's datalist (htmx fills it as the public types)."""
    return render(
        request, "public/_metiers.html", {"suggestions": metiers.suggest(request.GET.get("metier", ""))}
    )


def _page_number(request) -> int:
    number = request.GET.get("page", "")
    return int(number) if number.isdigit() and int(number) > 0 else 1


def _query_string(request, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def _results_title(form: SearchForm, total: int, number: int) -> str:
    where = form.cleaned_data["lieu"]
    words = [f"{total} formation{'s' if total > 1 else ''}"]
    words += [f"« {what} »" for what in (form.cleaned_data["q"], form.cleaned_data["metier"]) if what]
    if where:
        words.append(f"autour de {where}")
    if number > 1:
        words.append(f"— page {number}")
    return " ".join(words)
