"""Workspace pages of the offer: dashboard, formations, the rows under them, productivity tools.
Changes go through efop.moderation.workflow (via efop.offre.saisie); each page says what happened."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from efop.comptes.models import may_publish
from efop.moderation import workflow
from efop.moderation.revisions import counterpart, revision_of
from efop.offre import saisie
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation, Session
from efop.qualite.models import Resultat
from efop.web.espace.access import get_formation, get_organisme, organismes_of
from efop.web.public.links import formation_url

from . import dashboard, forms, rows

PAGE_SIZE = 50
PENDING = (
    "Une modification de cette formation attend la validation du Carif-Oref : vous complétez cette version."
)


def _tell(request, outcomes) -> None:
    """One message for what the workflow did: moderated or published at once."""
    outcomes = list(outcomes)
    if outcomes:
        moderated = [outcome for outcome in outcomes if outcome.moderated]
        messages.success(request, (moderated or outcomes)[0].message)


def _formation_page(formation: Formation) -> str:
    return reverse("espace:formation", args=[formation.pk])


def _row_page(row) -> str:
    """The page that shows `row`: its formation's, or its action's."""
    label = row._meta.label
    if label == "offre.Formation":
        return _formation_page(row)
    if label == "offre.Action":
        return reverse("espace:ligne", args=["actions", row.pk])
    if hasattr(row, "action_id"):
        return reverse("espace:ligne", args=["actions", row.action_id])
    return reverse("espace:formation", args=[row.formation_id])


def _parent_page(kind, row) -> str:
    """The page that lists `row` of `kind`: its parent's own page (a session's or a trainer's
    lists their contacts)."""
    parent_id = getattr(row, f"{kind.parent}_id")
    if kind.parent == "formation":
        return reverse("espace:formation", args=[parent_id])
    return reverse("espace:ligne", args=[rows.PARENT_KINDS[kind.parent], parent_id])


# Dashboard and list ---------------------------------------------------------------------------


@login_required
def tableau_de_bord(request):
    user = request.user
    if user.is_documentaliste:
        chosen = request.GET.get("organisme", "")
        if chosen.isdigit():
            organisme = get_organisme(user, int(chosen))
            boards = [dashboard.board(str(organisme), user, [organisme])]
        else:
            boards = [dashboard.board("Toutes les organisations", user)]
        choices = organismes_of(user).filter(membres__isnull=False).distinct().order_by("raison_sociale")
    else:
        boards = [dashboard.board(str(o), user, [o]) for o in organismes_of(user).order_by("raison_sociale")]
        choices = None
    for board in boards:
        board.published = [(f, formation_url(f)) for f in board.published]
    return render(
        request,
        "espace/offre/tableau_de_bord.html",
        {
            "title": "Tableau de bord",
            "boards": boards,
            "choices": choices,
            "chosen": request.GET.get("organisme"),
        },
    )


@login_required
def formations(request):
    user = request.user
    found = Formation.objects.visible_to(user).originals().select_related("responsable", "source")
    statut, organisme, q = (request.GET.get(k, "").strip() for k in ("statut", "organisme", "q"))
    if statut in FormationStatus.values:
        found = found.filter(status=statut)
    if organisme.isdigit():
        found = found.filter(responsable=get_organisme(user, int(organisme)))
    if q:
        words = Q(intitule__icontains=q) | Q(numero=q)
        found = found.filter(words | Q(pk=int(q)) if q.isdigit() else words)
    page = Paginator(found.order_by("intitule", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "espace/offre/formations.html",
        {
            "title": "Mes formations",
            "page_obj": page,
            "statuts": FormationStatus.choices,
            "organismes": None if user.is_documentaliste else organismes_of(user),
            "filters": {"statut": statut, "organisme": organisme, "q": q},
        },
    )


# Formations -----------------------------------------------------------------------------------


@login_required
def formation_create(request):
    organismes = organismes_of(request.user).order_by("raison_sociale")
    form = forms.NewFormationForm(request.POST or None, organismes=organismes)
    if request.method == "POST" and form.is_valid():
        formation = saisie.new_formation(form.cleaned_data["responsable"], form.cleaned_data["intitule"])
        formation.save()
        messages.success(
            request, "Formation créée en brouillon : complétez-la puis soumettez-la au Carif-Oref."
        )
        return redirect(_formation_page(formation))
    return render(
        request, "espace/offre/formation_create.html", {"title": "Nouvelle formation", "form": form}
    )


def _bloquants(formation: Formation) -> list[Resultat]:
    """The blocking findings that keep a published formation out of public diffusion."""
    if not formation.bloquee_qualite:
        return []
    return list(
        Resultat.objects.of_formation(formation).bloquants().without_derogation().order_by("rule", "pk")
    )


@login_required
def formation(request, pk):
    user = request.user
    formation = get_formation(user, pk)
    revision = _pending_version(user, formation)
    if revision is not None:
        messages.info(request, PENDING)
        return redirect(_formation_page(revision))
    editable = rows.can_edit(user, formation)
    form = forms.FormationForm(request.POST or None, instance=copy.copy(formation), user=user)
    if request.method == "POST":
        rows.ensure_editable(user, formation)
        if form.is_valid():
            _tell(request, [workflow.propose_update(user, formation, form.values())])
            return redirect(_formation_page(formation))
    return render(
        request,
        "espace/offre/formation.html",
        {
            "title": formation.intitule or "Formation",
            "formation": formation,
            "form": form,
            "editable": editable,
            "children": rows.children(rows.FORMATION_CHILDREN, formation),
            "public_url": formation_url(formation) if formation.status == FormationStatus.PUBLIEE else "",
            "bloquants": _bloquants(formation),
            "adhesion_ok": may_publish(formation.responsable),
        },
    )


@login_required
@require_POST
def formation_submit(request, pk):
    user = request.user
    formation = get_formation(user, pk)
    rows.ensure_editable(user, formation)
    if not user.is_documentaliste and not may_publish(formation.responsable):
        messages.error(
            request,
            "Votre organisme ne peut pas encore soumettre de formation : son adhésion doit d'abord être "
            "validée par le Carif-Oref. Vous pouvez continuer à compléter vos brouillons.",
        )
        return redirect(_formation_page(formation))
    try:
        workflow.submit(formation, user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Formation soumise : elle sera publiée après validation par le Carif-Oref.")
    return redirect(_formation_page(formation))


@login_required
@require_POST
def formation_duplicate(request, pk):
    user = request.user
    original = get_formation(user, pk)
    duplicate = saisie.duplicate_formation(original)
    messages.success(request, "Copie créée en brouillon : adaptez-la puis soumettez-la.")
    return redirect(_formation_page(duplicate))


# Rows under a formation -----------------------------------------------------------------------


def _render_row(request, kind, form, row, parent, **context):
    return render(
        request,
        "espace/offre/row.html",
        {
            "title": f"{'Modifier' if row.pk else 'Ajouter'} {kind.name}",
            "kind": kind,
            "form": form,
            "row": row,
            "row_label": rows.label(row) if row.pk else "",
            "formation": workflow.formation_of(parent),
            "parent_page": "" if kind.parent == "formation" else _parent_page(kind, row),
            "parent_label": "" if kind.parent == "formation" else rows.label(parent),
            "children": rows.children(kind.children, row) if row.pk else [],
            "editable": rows.can_edit(request.user, workflow.formation_of(parent)),
            **context,
        },
    )


@login_required
def row_create(request, kind, parent_pk):
    user = request.user
    parent = rows.get_parent(user, kind, parent_pk)
    rows.ensure_editable(user, parent)
    row = kind.new_row(parent)
    form = kind.form(request.POST or None, instance=copy.copy(row), user=user)
    if request.method == "POST" and form.is_valid():
        for name, value in form.values().items():
            setattr(row, name, value)
        outcome = workflow.propose_create(user, row, kind.parent)
        _tell(request, [outcome, *form.follow_ups(outcome.instance)])
        return redirect(
            _row_page(outcome.instance) if kind.children else _parent_page(kind, outcome.instance)
        )
    return _render_row(request, kind, form, row, parent)


def _pending_version(user, row):
    """Where an organisation goes on editing `row` while a change of its published formation
    waits for moderation: the row's counterpart in the revision (None: no revision)."""
    revision = None if user.is_documentaliste else revision_of(workflow.formation_of(row))
    if revision is None:
        return None
    try:
        return counterpart(row, revision)
    except ObjectDoesNotExist:  # removed in the revision
        return revision


@login_required
def row_edit(request, kind, pk):
    user = request.user
    row = rows.get_row(user, kind, pk)
    pending = _pending_version(user, row)
    if pending is not None:
        messages.info(request, PENDING)
        if isinstance(pending, Formation):
            return redirect(_formation_page(pending))
        return redirect("espace:ligne", kind.slug, pending.pk)
    form = kind.form(request.POST or None, instance=copy.copy(row), user=user)
    if request.method == "POST":
        rows.ensure_editable(user, row)
        if form.is_valid():
            outcome = workflow.propose_update(user, row, form.values())
            _tell(request, [outcome, *form.follow_ups(outcome.instance)])
            return redirect(_row_page(row) if kind.children else _parent_page(kind, row))
    return _render_row(request, kind, form, row, getattr(row, kind.parent), **_action_context(kind, row))


def _action_context(kind, row) -> dict:
    if kind.slug != "actions":
        return {}
    return {
        "monthly_form": forms.MonthlySessionsForm(),
        "dates_form": forms.DatesSessionsForm(),
        "this_year": timezone.localdate().year,
    }


@login_required
def row_delete(request, kind, pk):
    user = request.user
    row = rows.get_row(user, kind, pk)
    back = _parent_page(kind, row)
    rows.ensure_editable(user, row)
    if request.method == "POST":
        try:
            _tell(request, [workflow.propose_delete(user, row)])
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        return redirect(back)
    return render(
        request,
        "espace/offre/row_delete.html",
        {
            "title": f"Supprimer {kind.name}",
            "kind": kind,
            "row_label": rows.label(row),
            "back": back,
        },
    )


# Productivity ---------------------------------------------------------------------------------


def _editable_action(user, pk):
    action = rows.get_row(user, rows.KINDS["actions"], pk)
    rows.ensure_editable(user, action)
    return action


@login_required
@require_POST
def action_duplicate(request, pk):
    action = _editable_action(request.user, pk)
    outcome = saisie.duplicate_action(request.user, action)
    _tell(request, [outcome])
    return redirect(_row_page(outcome.instance))


@login_required
def sessions_add(request, pk):
    """Several sessions at once: every month over a period, or from a pasted list of dates."""
    user = request.user
    action = _editable_action(user, pk)
    monthly_form, dates_form = forms.MonthlySessionsForm(), forms.DatesSessionsForm()
    if request.method == "POST":
        posted = (
            forms.MonthlySessionsForm(request.POST)
            if request.POST.get("mode") == "mensuel"
            else forms.DatesSessionsForm(request.POST)
        )
        if posted.is_valid():
            outcomes = saisie.add_sessions(user, action, posted.periodes)
            messages.success(request, f"{len(outcomes)} session(s) ajoutée(s).")
            _tell(request, outcomes)
            return redirect(_row_page(action))
        if isinstance(posted, forms.MonthlySessionsForm):
            monthly_form = posted
        else:
            dates_form = posted
    return render(
        request,
        "espace/offre/sessions_add.html",
        {
            "title": "Ajouter des sessions",
            "action": action,
            "formation": action.formation,
            "monthly_form": monthly_form,
            "dates_form": dates_form,
        },
    )


@login_required
@require_POST
def sessions_close(request, pk):
    action = _editable_action(request.user, pk)
    ids = [int(i) for i in request.POST.getlist("sessions") if i.isdigit()]
    chosen = Session.objects.filter(action=action, pk__in=ids)
    if not chosen:
        messages.error(request, "Cochez les sessions dont le recrutement est terminé.")
    else:
        outcomes = saisie.close_recruitment(request.user, chosen)
        messages.success(request, f"Recrutement fermé pour {len(outcomes)} session(s).")
        _tell(request, outcomes)
    return redirect(_row_page(action))


@login_required
@require_POST
def sessions_next_year(request, pk):
    action = _editable_action(request.user, pk)
    year = request.POST.get("annee", "")
    if not year.isdigit():
        messages.error(request, "Indiquez l'année des sessions à reporter.")
        return redirect(_row_page(action))
    try:
        outcomes = saisie.copy_sessions_to_next_year(request.user, action, int(year))
    except saisie.SaisieError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{len(outcomes)} session(s) reportée(s) sur {int(year) + 1}.")
        _tell(request, outcomes)
    return redirect(_row_page(action))
