"""Accounts pages: sign-up of an organisation, the user's account, their organisations (members,
invitations, join requests, établissements, délégations) and the staff's decisions on adhésions.
Every organisation is looked up through `access` (404 on another organisation's ids); acting on
one needs its admin rights (403)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from efop.comptes import services
from efop.comptes.enums import MembershipStatus
from efop.comptes.models import Adhesion, Invitation, User
from efop.web.espace.access import get_organisme, staff_required

from . import forms

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _login(request, user):
    login(request, user, backend=LOGIN_BACKEND)


def inscription(request):
    user = request.user if request.user.is_authenticated else None
    data = request.POST if request.method == "POST" else None
    compte_form = None if user else forms.NouveauCompteForm(data, prefix="compte")
    organisme_form = forms.InscriptionOrganismeForm(data, user=user, prefix="organisme")
    bound = [form for form in (compte_form, organisme_form) if form]
    if data is not None and all([form.is_valid() for form in bound]):
        with transaction.atomic():
            if user is None:
                user = compte_form.save()
            membre = organisme_form.save(user)
        if not request.user.is_authenticated:
            _login(request, user)
        if membre.statut == MembershipStatus.DEMANDE:
            messages.success(
                request,
                f"{membre.organisme} a déjà des administrateurs dans l'espace : votre demande de "
                "rattachement leur a été envoyée. Vous recevrez un e-mail à leur réponse.",
            )
        else:
            messages.success(
                request,
                f"{membre.organisme} est inscrit et vous en êtes l'administrateur. L'équipe du Carif-Oref "
                "va vérifier le SIRET et le NDA : en attendant, vous pouvez saisir votre offre mais pas "
                "la publier.",
            )
        return redirect("espace:organismes")
    return render(
        request,
        "espace/comptes/inscription.html",
        {"title": "Inscrire un organisme", "compte_form": compte_form, "organisme_form": organisme_form},
    )


@login_required
def compte(request):
    form = forms.ProfilForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Votre identité est enregistrée.")
        return redirect("espace:compte")
    memberships = request.user.memberships.select_related("organisme__adhesion")
    return render(
        request,
        "espace/comptes/compte.html",
        {"title": "Mon compte", "form": form, "memberships": memberships},
    )


@login_required
def organismes(request, rejoindre_form=None):
    memberships = request.user.memberships.exclude(statut=MembershipStatus.REFUSE).select_related(
        "organisme__adhesion"
    )
    return render(
        request,
        "espace/comptes/organismes.html",
        {
            "title": "Mes organismes",
            "memberships": memberships,
            "rejoindre_form": rejoindre_form or forms.RejoindreForm(user=request.user),
        },
    )


@login_required
@require_POST
def rejoindre(request):
    form = forms.RejoindreForm(request.POST, user=request.user)
    if not form.is_valid():
        return organismes(request, rejoindre_form=form)
    membre = form.save()
    messages.success(
        request, f"Votre demande de rattachement à {membre.organisme} a été envoyée à ses administrateurs."
    )
    return redirect("espace:organismes")


def _managed(request, pk):
    """The organisation `pk` if the user may manage it: 404 when out of reach, 403 for a non-admin member."""
    organisme = get_organisme(request.user, pk)
    if not request.user.can_manage(organisme):
        raise PermissionDenied("Réservé aux administrateurs de l'organisme.")
    return organisme


@login_required
def organisme(request, pk, **bound_forms):
    organisme = get_organisme(request.user, pk)
    context = {
        "title": str(organisme),
        "organisme": organisme,
        "adhesion": Adhesion.objects.filter(organisme=organisme).first(),
        "membres": organisme.membres.active()
        .select_related("user")
        .order_by("user__last_name", "user__email"),
        "etablissements": organisme.etablissements.all(),
        "delegations": organisme.delegations.select_related("formateur"),
        "can_manage": request.user.can_manage(organisme),
        "is_member": request.user.memberships.active().filter(organisme=organisme).exists(),
    }
    if context["can_manage"]:
        context |= {
            "demandes": organisme.membres.requests().select_related("user"),
            "invitations": organisme.invitations.pending(),
            "invitation_form": forms.InvitationForm(organisme=organisme),
            "etablissement_form": forms.EtablissementForm(organisme=organisme),
            "delegation_form": forms.DelegationForm(organisme=organisme),
        } | bound_forms
    return render(request, "espace/comptes/organisme.html", context)


@login_required
@require_POST
def inviter(request, pk):
    form = forms.InvitationForm(request.POST, organisme=_managed(request, pk))
    if not form.is_valid():
        return organisme(request, pk, invitation_form=form)
    invitation = form.save(by=request.user)
    messages.success(request, f"Invitation envoyée à {invitation.email}.")
    return redirect("espace:organisme", pk)


@login_required
@require_POST
def decider_demande(request, pk, membre_pk):
    membre = get_object_or_404(_managed(request, pk).membres.requests(), pk=membre_pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        services.decider_rattachement(membre, by=request.user, accepte=form.accepte)
        verb = "acceptée" if form.accepte else "refusée"
        messages.success(request, f"Demande de {membre.user} {verb} ; un e-mail l'en informe.")
    return redirect("espace:organisme", pk)


def _active_member(request, pk, membre_pk):
    return get_object_or_404(_managed(request, pk).membres.active().select_related("user"), pk=membre_pk)


@login_required
@require_POST
def changer_role(request, pk, membre_pk):
    membre = _active_member(request, pk, membre_pk)
    form = forms.RoleForm(request.POST)
    if form.is_valid():
        try:
            services.changer_role(membre, form.cleaned_data["role"])
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{membre.user} est désormais {membre.get_role_display().lower()}.")
    return redirect("espace:organisme", pk)


@login_required
@require_POST
def retirer_membre(request, pk, membre_pk):
    membre = _active_member(request, pk, membre_pk)
    try:
        services.retirer_membre(membre, by=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{membre.user} ne fait plus partie de l'organisme ; un e-mail l'en informe."
        )
    return redirect("espace:organisme", pk)


@login_required
@require_POST
def quitter(request, pk):
    membre = get_object_or_404(request.user.memberships.active().select_related("organisme"), organisme=pk)
    try:
        services.quitter(membre)
    except services.MembershipError as error:
        messages.error(request, str(error))
        return redirect("espace:organisme", pk)
    messages.success(request, f"Vous avez quitté {membre.organisme}.")
    return redirect("espace:organismes")


@login_required
@require_POST
def annuler_invitation(request, pk, invitation_pk):
    invitation = get_object_or_404(_managed(request, pk).invitations.pending(), pk=invitation_pk)
    services.annuler_invitation(invitation)
    messages.success(request, f"Invitation de {invitation.email} annulée : son lien ne fonctionne plus.")
    return redirect("espace:organisme", pk)


@login_required
@require_POST
def ajouter_etablissement(request, pk):
    form = forms.EtablissementForm(request.POST, organisme=_managed(request, pk))
    if not form.is_valid():
        return organisme(request, pk, etablissement_form=form)
    etablissement = form.save()
    messages.success(request, f"Établissement {etablissement.siret} ajouté.")
    return redirect("espace:organisme", pk)


@login_required
@require_POST
def ajouter_delegation(request, pk):
    form = forms.DelegationForm(request.POST, organisme=_managed(request, pk))
    if not form.is_valid():
        return organisme(request, pk, delegation_form=form)
    delegation = form.save()
    messages.success(request, f"Délégation à {delegation.formateur} enregistrée.")
    return redirect("espace:organisme", pk)


@login_required
@require_POST
def supprimer_delegation(request, pk, delegation_pk):
    delegation = get_object_or_404(_managed(request, pk).delegations, pk=delegation_pk)
    delegation.delete()
    messages.success(request, f"Délégation à {delegation.formateur} retirée.")
    return redirect("espace:organisme", pk)


def invitation(request, token):
    invitation = Invitation.objects.pending().select_related("organisme").filter(token=token).first()
    if invitation is None:
        text = (
            "Ce lien d'invitation n'est plus valable : l'invitation a expiré, a déjà été acceptée, ou le lien "
            "a été coupé. Demandez à l'administrateur de l'organisme de vous inviter de nouveau."
        )
        return render(
            request, "espace/comptes/message.html", {"title": "Invitation", "text": text}, status=404
        )
    context = {"title": "Invitation", "invitation": invitation}
    user = request.user
    if user.is_authenticated:
        if user.email != invitation.email:
            return render(
                request, "espace/comptes/invitation.html", context | {"wrong_account": True}, status=403
            )
        if request.method == "POST":
            services.accepter_invitation(invitation, user)
            messages.success(request, f"Vous avez rejoint {invitation.organisme}.")
            return redirect("espace:organisme", invitation.organisme_id)
        return render(request, "espace/comptes/invitation.html", context)
    if User.objects.filter(email=invitation.email).exists():
        return render(request, "espace/comptes/invitation.html", context | {"has_account": True})
    form = forms.NouveauCompteForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            services.accepter_invitation(invitation, user)
        _login(request, user)
        messages.success(request, f"Votre compte est créé et vous avez rejoint {invitation.organisme}.")
        return redirect("espace:organisme", invitation.organisme_id)
    return render(request, "espace/comptes/invitation.html", context | {"form": form})


@staff_required
def adhesions(request, bound=None):
    pending = Adhesion.objects.pending().select_related("organisme", "demandee_par").order_by("demandee_le")
    rows = []
    for adhesion in pending:
        prefix = f"a{adhesion.pk}"
        rows.append(
            (
                adhesion,
                bound if bound and bound.prefix == prefix else forms.AdhesionDecisionForm(prefix=prefix),
            )
        )
    return render(request, "espace/comptes/adhesions.html", {"title": "Adhésions à valider", "rows": rows})


@staff_required
@require_POST
def decider_adhesion(request, pk):
    adhesion = get_object_or_404(Adhesion.objects.pending(), pk=pk)
    form = forms.AdhesionDecisionForm(request.POST, prefix=f"a{adhesion.pk}")
    if not form.is_valid():
        return adhesions(request, bound=form)
    services.decider_adhesion(
        adhesion, by=request.user, valide=form.accepte, motif=form.cleaned_data["motif"].strip()
    )
    verb = "validée" if form.accepte else "refusée"
    messages.success(request, f"Adhésion de {adhesion.organisme} {verb} ; un e-mail en informe le demandeur.")
    return redirect("espace:adhesions")
