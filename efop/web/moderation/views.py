"""The documentalists' moderation pages: the queue of pending submissions, each submission with
its side-by-side changes and the decisions, and a formation's staff page (history, corrections over
partner flows, withdraw / archive)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from efop.historique import overrides
from efop.historique.history import history_context
from efop.moderation import workflow
from efop.moderation.diff import soumission_diff
from efop.moderation.enums import SubmissionStatus
from efop.moderation.models import Soumission
from efop.offre.models import Formation
from efop.web.espace.access import staff_required

from .forms import QueueFilterForm, ReturnForm, correction_forms, corrections

PAGE_SIZE = 25


def _pending():
    return Soumission.objects.pending().select_related("formation", "organisme", "submitted_by")


@staff_required
@require_GET
def file(request):
    form = QueueFilterForm(request.GET or None, pending=_pending())
    soumissions = form.filter() if form.is_bound else form.pending.order_by("submitted_at", "pk")
    page = Paginator(soumissions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "moderation/file.html", {"title": "File de modération", "form": form, "page_obj": page}
    )


def _soumission_page(request, soumission, *, status=200, return_form=None, corrections=None):
    pending = soumission.statut == SubmissionStatus.EN_ATTENTE
    formation_form, action_forms = corrections or correction_forms(soumission.formation)
    context = {
        "title": f"Soumission : {soumission.formation}",
        "soumission": soumission,
        "pending": pending,
        "changes": soumission_diff(soumission) if pending else [],
        "return_form": return_form or ReturnForm(),
        "formation_form": formation_form,
        "action_forms": action_forms,
        "breadcrumb_data": {
            "links": [{"url": reverse("moderation:file"), "title": "File de modération"}],
            "current": str(soumission.formation),
        },
    }
    return render(request, "moderation/soumission.html", context, status=status)


@staff_required
@require_GET
def soumission(request, pk):
    return _soumission_page(request, get_object_or_404(Soumission, pk=pk))


def _decided(request, message):
    messages.success(request, message)
    return redirect("moderation:file")


def _refused(request, soumission, error):
    messages.error(request, str(error))
    return redirect("moderation:soumission", pk=soumission.pk)


@staff_required
@require_POST
def accepter(request, pk):
    soumission = get_object_or_404(Soumission, pk=pk)
    try:
        formation = workflow.accept(soumission, request.user)
    except workflow.WorkflowError as error:
        return _refused(request, soumission, error)
    return _decided(request, f"« {formation} » est publiée ; l'organisme est prévenu.")


@staff_required
@require_POST
def retourner(request, pk):
    soumission = get_object_or_404(Soumission, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _soumission_page(request, soumission, status=422, return_form=form)
    try:
        formation = workflow.send_back(soumission, request.user, form.cleaned_data["commentaire"])
    except workflow.WorkflowError as error:
        return _refused(request, soumission, error)
    return _decided(request, f"« {formation} » est retournée à l'organisme avec votre commentaire.")


@staff_required
@require_POST
def corriger(request, pk):
    soumission = get_object_or_404(Soumission, pk=pk)
    formation_form, action_forms = correction_forms(soumission.formation, request.POST)
    filled = [formation_form, *action_forms]
    if not all([form.is_valid() for form in filled]):
        return _soumission_page(request, soumission, status=422, corrections=(formation_form, action_forms))
    try:
        formation = workflow.correct_and_accept(soumission, request.user, corrections(filled))
    except workflow.WorkflowError as error:
        return _refused(request, soumission, error)
    return _decided(request, f"« {formation} » est corrigée et publiée ; l'organisme est prévenu.")


@staff_required
@require_GET
def formation(request, pk):
    formation = get_object_or_404(Formation.objects.select_related("source", "responsable"), pk=pk)
    context = {
        "title": str(formation),
        "formation": formation,
        "overrides": overrides.for_formation(formation),
        "soumissions": Soumission.objects.filter(Q(formation=formation) | Q(publiee=formation)).order_by(
            "-submitted_at"
        ),
        **history_context(formation),
    }
    return render(request, "moderation/formation.html", context)


@staff_required
@require_GET
def historique(request, pk):
    formation = get_object_or_404(Formation, pk=pk)
    return render(
        request,
        "moderation/historique.html",
        {"title": f"Historique : {formation}", "formation": formation, **history_context(formation)},
    )


def _end(request, pk, step, message):
    formation = get_object_or_404(Formation, pk=pk)
    try:
        step(formation)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message.format(formation=formation))
    return redirect("moderation:formation", pk=pk)


@staff_required
@require_POST
def retirer(request, pk):
    return _end(request, pk, workflow.withdraw, "« {formation} » est retirée de la publication.")


@staff_required
@require_POST
def archiver(request, pk):
    return _end(request, pk, workflow.archive, "« {formation} » est archivée.")
