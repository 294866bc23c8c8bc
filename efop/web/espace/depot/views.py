"""Bulk input: an organisation uploads an LHEO file or the CSV template, sees what will change,
then applies it (efop.flux.depot)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from efop.flux import depot
from efop.flux.tableur import COLUMNS, TableurError, template_csv
from efop.lheo.errors import LheoFileError
from efop.web.espace.access import get_organisme

from .forms import DepotForm


@login_required
@require_http_methods(["GET", "POST"])
def deposer(request):
    form = DepotForm(request.POST or None, request.FILES or None, user=request.user)
    problems = []
    if request.method == "POST" and form.is_valid():
        organisme = form.cleaned_data["organisme"]
        try:
            stored = depot.store_upload(form.cleaned_data["fichier"], organisme)
        except TableurError as error:
            problems = error.problems
        except depot.DepotRefused as error:
            problems = [str(error)]
        else:
            url = reverse("espace:depot-apercu", args=[organisme.pk])
            complet = "1" if form.cleaned_data["complet"] else ""
            return redirect(f"{url}?fichier={stored.name}&complet={complet}")
    return render(
        request,
        "espace/depot/deposer.html",
        {"title": "Déposer un fichier d'offre", "form": form, "problems": problems, "columns": COLUMNS},
    )


def _stored(request, organisme):
    return depot.stored_path(organisme, request.GET.get("fichier") or request.POST.get("fichier") or "")


@login_required
@require_GET
def apercu(request, organisme_pk):
    organisme = get_organisme(request.user, organisme_pk)
    full = bool(request.GET.get("complet"))
    try:
        preview = depot.preview(_stored(request, organisme), organisme, full=full)
    except (depot.DepotRefused, LheoFileError) as error:
        messages.error(request, getattr(error, "message", str(error)))
        return redirect("espace:depot")
    return render(
        request,
        "espace/depot/apercu.html",
        {
            "title": "Aperçu du dépôt",
            "organisme": organisme,
            "preview": preview,
            "fichier": request.GET.get("fichier"),
            "complet": full,
        },
    )


@login_required
@require_POST
def appliquer(request, organisme_pk):
    organisme = get_organisme(request.user, organisme_pk)
    try:
        report = depot.apply(
            _stored(request, organisme), organisme, request.user, full=bool(request.POST.get("complet"))
        )
    except (depot.DepotRefused, LheoFileError) as error:
        messages.error(request, getattr(error, "message", str(error)))
        return redirect("espace:depot")
    messages.success(request, f"Dépôt importé. {report.summary()}")
    return redirect("espace:depot")


@login_required
@require_GET
def modele(request):
    response = HttpResponse(template_csv().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-offre-efop.csv"'
    return response
