"""The page "Qualité de mes offres": an organisation's own findings (blocking first, each saying what to do),
the completeness score of its formations, and their CSV export. Everything is scoped by access.py:
the findings on the formations the user may open and on the organisations they act for."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from efop.offre.models import Formation
from efop.qualite import report, reports
from efop.qualite.enums import Niveau
from efop.qualite.models import NIVEAUX_ORDER, Resultat
from efop.qualite.rules import REGISTRY
from efop.web.espace.access import get_formation, get_organisme, organismes_of

PAGE_SIZE = 50


def _scope(request):
    """(findings, formations, chosen organisation, chosen formation) the user may see, narrowed by
    the `organisme` and `formation` parameters; staff must choose an organisation."""
    user = request.user
    resultats = Resultat.objects.visible_to(user).without_derogation()
    formations = Formation.objects.visible_to(user).originals()
    chosen, formation_id = request.GET.get("organisme", ""), request.GET.get("formation", "")
    organisme = formation = None
    if chosen.isdigit():
        organisme = get_organisme(user, int(chosen))
        resultats = resultats.of_organismes([organisme.pk])
        formations = formations.filter(responsable=organisme)
    elif user.is_documentaliste:
        resultats, formations = resultats.none(), formations.none()
    if formation_id.isdigit():
        formation = get_formation(user, int(formation_id))
        resultats = resultats.filter(formation=formation)
        formations = formations.filter(pk=formation.pk)
    return resultats, formations, organisme, formation


@login_required
@require_GET
def qualite(request):
    resultats, formations, organisme, formation = _scope(request)
    counts = dict(resultats.values_list("level").annotate(n=Count("pk")).order_by())
    page = Paginator(resultats.blocking_first().select_related("formation"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    titles = dict(formations.values_list("pk", "intitule"))
    scores = sorted(
        (
            {"formation_id": pk, "intitule": titles[pk], "score": score, "missing": missing}
            for pk, (score, missing) in reports.completude_of(titles).items()
        ),
        key=lambda row: (row["score"], row["intitule"]),
    )
    completude = Paginator(scores, PAGE_SIZE).get_page(request.GET.get("page_completude"))
    query = request.GET.copy()
    for name in ("page", "page_completude"):
        query.pop(name, None)
    user = request.user
    return render(
        request,
        "espace/qualite/qualite.html",
        {
            "title": "Qualité de mes offres",
            "par_niveau": [
                {"level": level, "label": Niveau(level).label, "count": counts.get(level, 0)}
                for level in NIVEAUX_ORDER
            ],
            "page_obj": page,
            "completude": completude,
            "conseil": reports.conseil_completude(),
            "organisme": organisme,
            "formation": formation,
            "organismes": organismes_of(user).order_by("raison_sociale")
            if not user.is_documentaliste
            else None,
            "must_choose": user.is_documentaliste and organisme is None,
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def constats_csv(request):
    resultats = _scope(request)[0]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="qualite-mes-offres-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    report.write_csv(response, resultats)
    return response


@login_required
@require_GET
def constat(request, pk):
    resultat = get_object_or_404(Resultat.objects.visible_to(request.user).select_related("formation"), pk=pk)
    return render(
        request,
        "espace/qualite/constat.html",
        {"title": f"Constat {resultat.rule}", "resultat": resultat, "rule": REGISTRY.get(resultat.rule)},
    )
