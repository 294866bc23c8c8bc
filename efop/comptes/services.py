"""Writes on accounts that also notify: sign-up of an organisation, join requests, invitations,
members' roles and departures, staff decisions on adhésions. Forms check the input; these
functions apply it and send the e-mails."""

from django.db import transaction
from django.utils import timezone

from efop.organismes.enums import Identification
from efop.organismes.models import Etablissement, Organisme

from . import emails
from .enums import AdhesionStatus, MemberRole, MembershipStatus, StaffRole
from .models import Adhesion, Invitation, Membre, User


def find_organisme(siret: str) -> Organisme | None:
    """The organisation one of whose établissements has this SIRET, or identified by it (imported)."""
    etablissement = Etablissement.objects.select_related("organisme").filter(siret=siret).first()
    if etablissement:
        return etablissement.organisme
    return Organisme.objects.filter(cle=f"siret:{siret}").first()


def ensure_etablissement(organisme: Organisme, siret: str, nom: str = "") -> Etablissement:
    """The établissement of this SIRET (the head office when it is the organisation's own SIRET)."""
    etablissement, _ = Etablissement.objects.get_or_create(
        siret=siret, defaults={"organisme": organisme, "nom": nom, "siege": siret == organisme.siret}
    )
    return etablissement


@transaction.atomic
def inscrire(user: User, *, siret: str, numero_activite: str, raison_sociale: str) -> Membre:
    """`user` joins the organisation of this SIRET. When it already has admins in the workspace this
    is a join request they decide on; otherwise `user` becomes its admin and its adhésion waits for
    staff (a known organisation, imported from flows, is reused and completed, never overwritten)."""
    organisme = find_organisme(siret)
    if organisme and organisme.membres.admins().exists():
        return demander_rattachement(user, organisme)
    if organisme is None:
        organisme = Organisme.objects.create(
            cle=f"siret:{siret}",
            identification=Identification.SIRET,
            siret=siret,
            raison_sociale=raison_sociale,
            numero_activite=numero_activite,
        )
    else:
        organisme.raison_sociale = organisme.raison_sociale or raison_sociale
        organisme.numero_activite = organisme.numero_activite or numero_activite
        organisme.save(update_fields=["raison_sociale", "numero_activite", "updated_at"])
    ensure_etablissement(organisme, siret, nom=raison_sociale)
    membre = _join(user, organisme, MemberRole.ADMIN)
    # A former adhésion (refused, or validated for admins who have all left) is asked for again.
    adhesion, _ = Adhesion.objects.update_or_create(
        organisme=organisme,
        defaults={
            "statut": AdhesionStatus.EN_ATTENTE,
            "demandee_par": user,
            "numero_activite": numero_activite,
            "decidee_par": None,
            "decidee_le": None,
            "motif": "",
        },
    )
    staff = User.objects.filter(
        is_active=True, role__in=[StaffRole.DOCUMENTALISTE, StaffRole.ADMINISTRATEUR]
    ).values_list("email", flat=True)
    emails.send("adhesion_demandee", staff, adhesion=adhesion, url=emails.site_url("espace:adhesions"))
    return membre


def _join(user: User, organisme: Organisme, role: str) -> Membre:
    """Make `user` an active member, never lowering the role of an active admin."""
    membre, created = Membre.objects.get_or_create(
        user=user, organisme=organisme, defaults={"role": role, "statut": MembershipStatus.ACTIF}
    )
    if not created:
        if not (membre.statut == MembershipStatus.ACTIF and membre.role == MemberRole.ADMIN):
            membre.role = role
        membre.statut = MembershipStatus.ACTIF
        membre.save(update_fields=["role", "statut"])
    return membre


def demander_rattachement(user: User, organisme: Organisme) -> Membre:
    """A request to join `organisme` as editor, sent to its admins (a refused request may be renewed)."""
    membre, _ = Membre.objects.update_or_create(
        user=user,
        organisme=organisme,
        defaults={
            "role": MemberRole.EDITEUR,
            "statut": MembershipStatus.DEMANDE,
            "decided_at": None,
            "decided_by": None,
        },
    )
    admins = organisme.membres.admins().values_list("user__email", flat=True)
    emails.send(
        "rattachement_demande",
        admins,
        membre=membre,
        url=emails.site_url("espace:organisme", organisme.pk),
    )
    return membre


def decider_rattachement(membre: Membre, *, by: User, accepte: bool) -> None:
    membre.statut = MembershipStatus.ACTIF if accepte else MembershipStatus.REFUSE
    membre.decided_at = timezone.now()
    membre.decided_by = by
    membre.save(update_fields=["statut", "decided_at", "decided_by"])
    emails.send(
        "rattachement_decide", [membre.user.email], membre=membre, url=emails.site_url("espace:organismes")
    )


def inviter(organisme: Organisme, *, email: str, role: str, by: User) -> Invitation:
    invitation = Invitation.objects.create(organisme=organisme, email=email.lower(), role=role, invited_by=by)
    emails.send(
        "invitation",
        [invitation.email],
        invitation=invitation,
        url=emails.site_url("espace:invitation", invitation.token),
    )
    return invitation


@transaction.atomic
def accepter_invitation(invitation: Invitation, user: User) -> Membre:
    membre = _join(user, invitation.organisme, invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membre


class MembershipError(Exception):
    """A change of members that would leave the organisation without an admin (the message, in
    French, says what to do instead)."""


def _keep_an_admin(membre: Membre, consequence: str) -> None:
    """Refuse `consequence` (e.g. "retirer ce membre") if `membre` is the organisation's last active admin."""
    if membre.statut != MembershipStatus.ACTIF or membre.role != MemberRole.ADMIN:
        return
    # Locking the admins' rows serialises two admins demoting or removing each other at once
    # (each would otherwise see the other still admin and both go).
    admins = list(Membre.objects.select_for_update().admins().filter(organisme=membre.organisme_id))
    if not any(admin.pk != membre.pk for admin in admins):
        raise MembershipError(
            f"Impossible de {consequence} : c'est le dernier administrateur de {membre.organisme}, qui "
            "n'en aurait plus aucun pour gérer ses membres. Donnez d'abord le rôle d'administrateur à un "
            "autre membre (ou invitez-en un), puis recommencez."
        )


@transaction.atomic
def changer_role(membre: Membre, role: str) -> Membre:
    """Make an active member admin or editor; the last admin stays admin."""
    if role != MemberRole.ADMIN:
        _keep_an_admin(membre, "retirer le rôle d'administrateur")
    if membre.role != role:
        membre.role = role
        membre.save(update_fields=["role"])
    return membre


@transaction.atomic
def retirer_membre(membre: Membre, *, by: User) -> None:
    """An admin (or staff) removes a member, who is told by e-mail; the last admin stays."""
    _keep_an_admin(membre, "retirer ce membre")
    membre.delete()
    emails.send(
        "membre_retire",
        [membre.user.email],
        membre=membre,
        by=by,
        url=emails.site_url("espace:organismes"),
    )


@transaction.atomic
def quitter(membre: Membre) -> None:
    """A member leaves the organisation; the last admin stays."""
    _keep_an_admin(membre, "quitter l'organisme")
    membre.delete()


def annuler_invitation(invitation: Invitation) -> None:
    """The invitation's link stops working (kept, as expired, to know who was invited)."""
    invitation.expires_at = timezone.now()
    invitation.save(update_fields=["expires_at"])


def decider_adhesion(adhesion: Adhesion, *, by: User, valide: bool, motif: str = "") -> None:
    """Staff validate (the organisation may publish) or refuse (with the reason sent to the requester)."""
    adhesion.statut = AdhesionStatus.VALIDEE if valide else AdhesionStatus.REFUSEE
    adhesion.motif = "" if valide else motif
    adhesion.decidee_par = by
    adhesion.decidee_le = timezone.now()
    adhesion.save(update_fields=["statut", "motif", "decidee_par", "decidee_le"])
    requester = adhesion.demandee_par
    emails.send(
        "adhesion_decidee",
        [requester.email] if requester else [],
        adhesion=adhesion,
        url=emails.site_url("espace:organisme", adhesion.organisme_id),
    )
