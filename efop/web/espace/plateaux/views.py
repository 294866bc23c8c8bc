"""Workspace pages of the plateaux techniques: an organisation's list, a plateau's form and photos,
its submission for moderation, and the plateaux an action uses. Every query goes through
`plateaux_of(user)`: another organisation's plateau (or action) is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from efop.historique.display import display_value, field_label
from efop.historique.models import Changement
from efop.offre.models import Action, Formation
from efop.plateaux import services
from efop.plateaux.enums import PlateauStatus
from efop.plateaux.models import PhotoPlateau, PlateauTechnique
from efop.web.espace.access import organismes_of

from .forms import ActionPlateauxForm, PhotoForm, PlateauForm

HISTORY_SHOWN = 20


def plateaux_of(user):
    return PlateauTechnique.objects.of_organismes(organismes_of(user))


def get_plateau(user, pk) -> PlateauTechnique:
    return get_object_or_404(plateaux_of(user).select_related("organisme"), pk=pk)


def _page(plateau) -> str:
    return reverse("espace:plateau", args=[plateau.pk])


@login_required
def plateaux(request):
    found = plateaux_of(request.user).select_related("organisme").order_by("intitule", "pk")
    statut = request.GET.get("statut", "")
    if statut in PlateauStatus.values:
        found = found.filter(status=statut)
    return render(
        request,
        "espace/plateaux/plateaux.html",
        {
            "title": "Mes plateaux techniques",
            "plateaux": found,
            "statuts": PlateauStatus.choices,
            "statut": statut,
        },
    )


@login_required
def plateau_create(request):
    user = request.user
    organismes = organismes_of(user).order_by("raison_sociale")
    form = PlateauForm(request.POST or None, organismes=organismes, instance=services.new_plateau(None, user))
    if request.method == "POST" and form.is_valid():
        messages.success(request, services.save(form.instance, user))
        return redirect(_page(form.instance))
    return render(
        request,
        "espace/plateaux/plateau.html",
        {"title": "Déclarer un plateau technique", "form": form, "plateau": None},
        status=422 if form.is_bound else 200,
    )


@login_required
def plateau(request, pk):
    user = request.user
    found = get_plateau(user, pk)
    form = PlateauForm(request.POST or None, organismes=organismes_of(user), instance=found)
    if request.method == "POST":
        if form.is_valid():
            messages.success(request, services.save(form.instance, user))
            return redirect(_page(found))
        found.refresh_from_db()  # the page shows the stored plateau beside the form's errors
    return render(
        request,
        "espace/plateaux/plateau.html",
        {
            "title": found.intitule,
            "form": form,
            "plateau": found,
            "photo_form": PhotoForm(),
            "photos": found.photos.all(),
            "utilisations": found.utilisations.select_related("action__formation"),
            "historique": _history(found),
        },
        status=422 if form.is_bound else 200,
    )


def _history(plateau) -> list[tuple[Changement, str]]:
    """The plateau's latest changes, each with the fields it changed (the new state in words)."""
    shown = []
    for changement in Changement.objects.for_object(plateau).select_related("auteur", "run")[:HISTORY_SHOWN]:
        fields = [
            f"{field_label(PlateauTechnique, name)} : {display_value(PlateauTechnique, name, new)}"
            if name == "status"
            else field_label(PlateauTechnique, name)
            for name, (_, new) in changement.champs.items()
        ]
        shown.append((changement, ", ".join(fields)))
    return shown


@login_required
@require_POST
def plateau_submit(request, pk):
    found = get_plateau(request.user, pk)
    try:
        services.submit(found, request.user)
    except services.PlateauError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Plateau soumis : il sera publié après validation par le Carif-Oref.")
    return redirect(_page(found))


@login_required
@require_POST
def plateau_delete(request, pk):
    found = get_plateau(request.user, pk)
    try:
        services.delete(found, request.user)
    except services.PlateauError as error:
        messages.error(request, str(error))
        return redirect(_page(found))
    messages.success(request, f"Le plateau « {found} » est supprimé.")
    return redirect("espace:plateaux")


@login_required
@require_POST
def photo_add(request, pk):
    found = get_plateau(request.user, pk)
    form = PhotoForm(request.POST, request.FILES, instance=PhotoPlateau(plateau=found))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(f"{_page(found)}#photos")
    try:
        services.add_photo(
            found, request.user, form.cleaned_data["image"], form.cleaned_data["texte_alternatif"]
        )
    except services.PlateauError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Photo ajoutée.")
    return redirect(f"{_page(found)}#photos")


@login_required
@require_POST
def photo_delete(request, pk):
    photo = get_object_or_404(PhotoPlateau.objects.filter(plateau__in=plateaux_of(request.user)), pk=pk)
    services.delete_photo(photo, request.user)
    messages.success(request, "Photo supprimée.")
    return redirect(f"{_page(photo.plateau)}#photos")


@login_required
def action_plateaux(request, pk):
    """The plateaux an action uses, chosen among its responsable's published ones. On a working copy
    of a published formation the choice is made for the published action (links are not moderated:
    each plateau was)."""
    user = request.user
    action = get_object_or_404(
        Action.objects.select_related("formation", "version_de__formation"),
        pk=pk,
        formation__in=Formation.objects.visible_to(user),
    )
    action = action.version_de or action
    linkable = services.linkable(action)
    form = ActionPlateauxForm(
        request.POST or None,
        linkable=linkable,
        initial={"plateaux": linkable.filter(utilisations__action=action)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = services.link(action, user, form.cleaned_data["plateaux"])
        except services.PlateauError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Plateaux de l'action enregistrés ({added} ajouté(s), {removed} retiré(s))."
            )
        return redirect("espace:action-plateaux", pk=action.pk)
    return render(
        request,
        "espace/plateaux/action.html",
        {"title": f"Plateaux techniques de l'action {action}", "action": action, "form": form},
    )
