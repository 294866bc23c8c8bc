"""The staff quality pages: the dashboard (counts by rule, source, organisation and zone, trend),
the findings list with its filters, a record's findings with the derogations granted and revoked,
the runs of the controls, and per-organisation and per-source reports (page, CSV, e-mail)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from efop.flux.models import Source
from efop.organismes.models import Organisme
from efop.qualite import report, reports, services
from efop.qualite.enums import Niveau, TypeEnregistrement
from efop.qualite.models import NIVEAUX_ORDER, ControleRun, Derogation, EnvoiRapport, Resultat
from efop.qualite.rules import REGISTRY
from efop.web.espace.access import staff_required

from .forms import DerogationForm, EnvoiPartenaireForm, ResultatFilterForm

PAGE_SIZE = 50
RUNS_PAGE_SIZE = 30


def _list_url(**filters) -> str:
    """The findings list with `filters` (open findings only)."""
    query = "&".join(f"{name}={value}" for name, value in {**filters, "derogation": "sans"}.items())
    return f"{reverse('qualite:constats')}?{query}"


def _with_links(rows, make_filters):
    for row in rows:
        row["url"] = _list_url(**make_filters(row))
    return rows


@staff_required
@require_GET
def tableau_de_bord(request):
    open_findings = reports.open_findings()
    context = {
        "title": "Tableau de bord de la qualité",
        "total": open_findings.count(),
        "par_niveau": [
            {"level": level, "label": Niveau(level).label, "count": open_findings.filter(level=level).count()}
            for level in NIVEAUX_ORDER
        ],
        "par_regle": _with_links(reports.by_rule(open_findings), lambda row: {"rule": row["rule"]}),
        "par_source": _with_links(
            reports.by_source(open_findings),
            lambda row: {"source": row["source"].code} if row["source"] else {},
        ),
        "par_organisme": _with_links(
            reports.by_organisme(open_findings), lambda row: {"organisme": row["organisme"].pk}
        ),
        "par_zone": _with_links(
            reports.by_zone(open_findings), lambda row: {"zone": f"{row['zone'].axe}:{row['zone'].code}"}
        ),
        "tendance": reports.trend(),
        "niveaux": [Niveau(level).label for level in NIVEAUX_ORDER],
        "dernier": ControleRun.objects.first(),
    }
    return render(request, "qualite/tableau_de_bord.html", context)


@staff_required
@require_GET
def constats(request):
    form = ResultatFilterForm(request.GET or None)
    resultats = form.filter() if form.is_bound else Resultat.objects.blocking_first()
    page = Paginator(resultats.select_related("source", "formation"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    derogees = set(
        Derogation.objects.filter(
            rule__in={r.rule for r in page}, record_id__in={r.record_id for r in page}
        ).values_list("rule", "record_type", "record_id")
    )
    for resultat in page:
        resultat.derogation = (resultat.rule, resultat.record_type, resultat.record_id) in derogees
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "qualite/constats.html",
        {
            "title": "Constats des contrôles qualité",
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "breadcrumb_data": _breadcrumb("Constats"),
        },
    )


def _breadcrumb(current: str) -> dict:
    return {
        "links": [{"url": reverse("qualite:tableau-de-bord"), "title": "Tableau de bord de la qualité"}],
        "current": current,
    }


def _record_label(record_type: str, record_id: int) -> str:
    if record_type == TypeEnregistrement.ORGANISME:
        organisme = Organisme.objects.filter(pk=record_id).first()
        return f"Organisme : {organisme}" if organisme else f"Organisme n° {record_id}"
    return f"{TypeEnregistrement(record_type).label} n° {record_id}"


def _enregistrement_page(request, record_type, record_id, *, form=None, form_rule=None, status=200):
    resultats = list(
        Resultat.objects.of_record(record_type, record_id).blocking_first().select_related("source")
    )
    derogations = {
        d.rule: d
        for d in Derogation.objects.filter(record_type=record_type, record_id=record_id).select_related(
            "created_by"
        )
    }
    rules = {}
    for resultat in resultats:
        rules.setdefault(
            resultat.rule, {"rule": REGISTRY.get(resultat.rule), "id": resultat.rule, "resultats": []}
        )
        rules[resultat.rule]["resultats"].append(resultat)
        rules[resultat.rule]["derogation"] = derogations.get(resultat.rule)
    formation = next((r.formation for r in resultats if r.formation_id), None)
    label = _record_label(record_type, record_id)
    return render(
        request,
        "qualite/enregistrement.html",
        {
            "title": f"Contrôles : {label}",
            "label": label,
            "record_type": record_type,
            "record_id": record_id,
            "rules": list(rules.values()),
            "orphan_derogations": [d for rule, d in derogations.items() if rule not in rules],
            "formation": formation,
            "form": form or DerogationForm(),
            "form_rule": form_rule,
            "historique": services.historique_derogations(record_type, record_id),
            "breadcrumb_data": _breadcrumb(label),
        },
        status=status,
    )


def _record_type(value: str) -> str:
    if value not in TypeEnregistrement.values:
        raise Http404("Type d'enregistrement inconnu.")
    return value


@staff_required
@require_GET
def enregistrement(request, record_type, record_id):
    return _enregistrement_page(request, _record_type(record_type), record_id)


@staff_required
@require_POST
def deroger(request, pk):
    resultat = get_object_or_404(Resultat, pk=pk)
    form = DerogationForm(request.POST)
    if form.is_valid():
        try:
            services.accorder(resultat, form.cleaned_data["motif"], request.user)
        except services.DerogationError as error:
            form.add_error("motif", str(error))
    if not form.is_valid():
        return _enregistrement_page(
            request, resultat.record_type, resultat.record_id, form=form, form_rule=resultat.rule, status=400
        )
    messages.success(
        request, f"Dérogation accordée : la règle {resultat.rule} ne s'applique plus à cet enregistrement."
    )
    return redirect("qualite:enregistrement", record_type=resultat.record_type, record_id=resultat.record_id)


@staff_required
@require_POST
def revoquer(request, pk):
    derogation = get_object_or_404(Derogation, pk=pk)
    services.revoquer(derogation)
    messages.success(request, f"Dérogation révoquée : la règle {derogation.rule} s'applique de nouveau.")
    return redirect(
        "qualite:enregistrement", record_type=derogation.record_type, record_id=derogation.record_id
    )


@staff_required
@require_GET
def executions(request):
    page = Paginator(ControleRun.objects.select_related("source", "lance_par"), RUNS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "qualite/executions.html",
        {"title": "Exécutions des contrôles", "page_obj": page, "breadcrumb_data": _breadcrumb("Exécutions")},
    )


# Reports ---------------------------------------------------------------------------------------


def _csv_response(resultats, name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="qualite-{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    report.write_csv(response, resultats)
    return response


def _rapport_page(request, *, titre, resultats, csv_url, envoi_url, envois, filters, form=None, status=200):
    open_findings = resultats.without_derogation()
    return render(
        request,
        "qualite/rapport.html",
        {
            "title": f"Rapport qualité : {titre}",
            "titre": titre,
            "total": open_findings.count(),
            "par_regle": _with_links(
                reports.by_rule(open_findings), lambda row: {**filters, "rule": row["rule"]}
            ),
            "constats": open_findings.blocking_first().select_related("source")[:PAGE_SIZE],
            "list_url": _list_url(**filters),
            "csv_url": csv_url,
            "envoi_url": envoi_url,
            "envois": envois.select_related("envoye_par")[:10],
            "form": form,
            "breadcrumb_data": _breadcrumb(titre),
        },
        status=status,
    )


@staff_required
@require_GET
def rapport_organisme(request, pk):
    organisme = get_object_or_404(Organisme, pk=pk)
    return _rapport_page(
        request,
        titre=str(organisme),
        resultats=Resultat.objects.of_organismes([organisme.pk]),
        csv_url=reverse("qualite:rapport-organisme-csv", args=[pk]),
        envoi_url=reverse("qualite:rapport-organisme-envoyer", args=[pk]),
        envois=EnvoiRapport.objects.filter(organisme=organisme),
        filters={"organisme": pk},
    )


@staff_required
@require_GET
def rapport_organisme_csv(request, pk):
    organisme = get_object_or_404(Organisme, pk=pk)
    return _csv_response(Resultat.objects.of_organismes([organisme.pk]), f"organisme-{organisme.pk}")


@staff_required
@require_POST
def rapport_organisme_envoyer(request, pk):
    organisme = get_object_or_404(Organisme, pk=pk)
    try:
        envoi = services.envoyer_rapport(organisme=organisme, user=request.user)
    except services.EnvoiError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Rapport envoyé à {', '.join(envoi.destinataires)} ({envoi.constats} constat(s))."
        )
    return redirect("qualite:rapport-organisme", pk=pk)


def _rapport_source(request, source, *, form=None, status=200):
    return _rapport_page(
        request,
        titre=f"source {source}",
        resultats=Resultat.objects.for_source(source),
        csv_url=reverse("qualite:rapport-source-csv", args=[source.code]),
        envoi_url=reverse("qualite:rapport-source-envoyer", args=[source.code]),
        envois=EnvoiRapport.objects.filter(source=source),
        filters={"source": source.code},
        form=form or EnvoiPartenaireForm(),
        status=status,
    )


@staff_required
@require_GET
def rapport_source(request, code):
    return _rapport_source(request, get_object_or_404(Source, code=code))


@staff_required
@require_GET
def rapport_source_csv(request, code):
    source = get_object_or_404(Source, code=code)
    return _csv_response(Resultat.objects.for_source(source), f"source-{source.code}")


@staff_required
@require_POST
def rapport_source_envoyer(request, code):
    source = get_object_or_404(Source, code=code)
    form = EnvoiPartenaireForm(request.POST)
    if not form.is_valid():
        return _rapport_source(request, source, form=form, status=400)
    envoi = services.envoyer_rapport(
        source=source, destinataire=form.cleaned_data["destinataire"], user=request.user
    )
    messages.success(request, f"Rapport envoyé à {envoi.destinataires[0]} ({envoi.constats} constat(s)).")
    return redirect("qualite:rapport-source", code=code)
