"""Public job pages: the search (free words, appellations, codes; works without JavaScript) and
the page of a ROME 4.0 fiche with its formations, schemes and nearby information places."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from efop.dispositifs.models import Dispositif
from efop.lieux.models import LieuInformation
from efop.metiers import liens
from efop.metiers.models import Metier, MetierTension, Mobilite
from efop.recherche import autocomplete_rome
from efop.recherche.engine import distance_km
from efop.referentiels.models import PAYS_DE_LA_LOIRE, GrandDomaine
from efop.web.public import jsonld, links, metiers
from efop.web.public.text import summary

from .forms import CommuneForm, MetierSearchForm

MAX_RESULTS = 50
FORMATIONS_PAGE = 10
LIEUX_PROCHES = 5
DOMAINE_PAGE = 50


def _suggestions(text: str, limit: int = metiers.MAX_SUGGESTIONS) -> list[metiers.Choice]:
    if len(text.strip()) < 2:
        return []
    return [
        metiers.Choice(metiers.ROME, s.code, s.label, s.rome_label) for s in autocomplete_rome(text, limit)
    ]


@require_GET
def suggestions(request):
    """The <option>s of the job field's datalist (htmx fills it as the public types)."""
    return render(request, "public/_metiers.html", {"suggestions": _suggestions(request.GET.get("q", ""))})


def _resolved(text: str) -> Metier | None:
    """The job the words name without doubt (a picked suggestion, a code, a full label)."""
    try:
        choice = metiers.resolve(text)
    except metiers.MetierError:
        return None
    if choice.kind != metiers.ROME:
        return None
    return Metier.objects.public().by_code(choice.code).first()


def _matches(text: str) -> list[dict]:
    """The jobs whose label or an appellation matches, each once with the appellations that did."""
    found: dict[str, list[str]] = {}
    for choice in _suggestions(text, MAX_RESULTS):
        labels = found.setdefault(choice.code, [])
        if choice.rome_label:
            labels.append(choice.label)
    by_code = {metier.rome.code: metier for metier in Metier.objects.public().filter(rome__code__in=found)}
    return [
        {"metier": by_code[code], "appellations": labels} for code, labels in found.items() if code in by_code
    ]


@require_GET
def recherche(request):
    form = MetierSearchForm(request.GET or None)
    context = {"form": form, "title": "Métiers", "grands_domaines": GrandDomaine.objects.active()}
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if text:
        if found := _resolved(text):
            return redirect(found.get_absolute_url())
        context.update(resultats=_matches(text), suggestions=_suggestions(text), title=f"Métiers « {text} »")
    elif domaine := GrandDomaine.objects.active().filter(code=request.GET.get("domaine", "").upper()).first():
        found = Metier.objects.public().filter(rome__domaine__grand_domaine=domaine).order_by("rome__libelle")
        context.update(
            domaine=domaine,
            page_obj=Paginator(found, DOMAINE_PAGE).get_page(request.GET.get("page")),
            query=f"domaine={domaine.code}",
            title=f"Métiers – {domaine.libelle}",
        )
    return render(request, "metiers/recherche.html", context)


def _lieux(form: CommuneForm):
    if not form.is_valid() or form.resolved.coordonnees is None:
        return None
    latitude, longitude = form.resolved.coordonnees
    return (
        LieuInformation.objects.publies()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("commune")
        .annotate(distance_km=distance_km(latitude, longitude))
        .order_by("distance_km", "nom")[:LIEUX_PROCHES]
    )


@require_GET
def metier(request, code: str, slug: str):
    found = Metier.objects.public().by_code(code).first()
    if found is None:
        raise Http404
    canonical = found.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    rome = found.rome
    formations = Paginator(liens.formations_du_metier(rome).select_related("responsable"), FORMATIONS_PAGE)
    page = formations.get_page(request.GET.get("page"))
    for formation in page:
        formation.url = links.formation_url(formation)
        formation.raisons = liens.raisons(formation)
    commune_form = CommuneForm(request.GET if "commune" in request.GET else None)
    tensions = MetierTension.objects.actives().filter(rome=rome).select_related("region")
    url = request.build_absolute_uri(canonical)
    return render(
        request,
        "metiers/metier.html",
        {
            "metier": found,
            "rome": rome,
            "title": rome.libelle,
            "description": summary(found.definition, rome.libelle),
            "canonical": url,
            "appellations": rome.appellations.active().order_by("libelle"),
            "fiche_parente": rome.parent,
            "mobilites": Mobilite.objects.active()
            .filter(metier=found)
            .select_related("cible__rome")
            .order_by("ordre", "cible__rome__code"),
            "tensions": sorted(
                tensions, key=lambda t: (t.region is None or t.region.code != PAYS_DE_LA_LOIRE, t.territoire)
            ),
            "page_obj": page,
            "query": commune_form.data.urlencode() if commune_form.is_bound else "",
            "dispositifs": Dispositif.objects.publies().pour_metier(rome.code),
            "commune_form": commune_form,
            "lieux": _lieux(commune_form),
            "jsonld": jsonld.script(_occupation(found, url)),
        },
    )


def _occupation(found: Metier, url: str) -> dict:
    rome = found.rome
    return {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": rome.libelle,
        "description": found.definition,
        "url": url,
        "occupationalCategory": {
            "@type": "CategoryCode",
            "codeValue": rome.code,
            "inCodeSet": {"@type": "CategoryCodeSet", "name": "ROME 4.0"},
        },
        "alternateName": list(rome.appellations.active().values_list("libelle", flat=True)[:20]),
        "qualifications": found.acces,
    }
