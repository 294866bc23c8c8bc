import pytest
from django.core import mail

from efop.comptes import services
from efop.comptes.enums import AdhesionStatus, MemberRole, MembershipStatus
from efop.comptes.models import Adhesion, Invitation, Membre
from efop.historique.context import acting
from efop.historique.enums import Operation
from efop.historique.models import Changement
from efop.organismes.models import Organisme
from tests.comptes.factories import (
    AdhesionFactory,
    DocumentalisteFactory,
    InvitationFactory,
    MembreFactory,
    UserFactory,
    ValidOrganismeFactory,
    make_siret,
)

pytestmark = pytest.mark.django_db
NDA = "52440123456"


def inscrire(user, siret, raison_sociale="Formations de Loire"):
    return services.inscrire(user, siret=siret, numero_activite=NDA, raison_sociale=raison_sociale)


def test_a_new_organisation_is_created_with_its_head_office_and_waits_for_staff():
    staff = DocumentalisteFactory()
    user = UserFactory()
    siret = make_siret(31_415_926)

    membre = inscrire(user, siret)

    organisme = membre.organisme
    assert (membre.user, membre.role, membre.statut) == (user, MemberRole.ADMIN, MembershipStatus.ACTIF)
    assert (organisme.cle, organisme.siret, organisme.numero_activite) == (f"siret:{siret}", siret, NDA)
    assert [(e.siret, e.siege) for e in organisme.etablissements.all()] == [(siret, True)]
    adhesion = organisme.adhesion
    assert (adhesion.statut, adhesion.demandee_par, adhesion.numero_activite) == (
        AdhesionStatus.EN_ATTENTE,
        user,
        NDA,
    )
    [sent] = mail.outbox
    assert sent.to == [staff.email]
    assert "Formations de Loire" in sent.subject
    assert "/espace/adhesions/" in sent.body


def test_an_imported_organisation_is_reused_and_completed_never_overwritten():
    imported = ValidOrganismeFactory(raison_sociale="GRETA Nantes", numero_activite="")

    membre = inscrire(UserFactory(), imported.siret, raison_sociale="Autre nom")

    assert membre.organisme == imported
    assert Organisme.objects.count() == 1
    imported.refresh_from_db()
    assert (imported.raison_sociale, imported.numero_activite) == ("GRETA Nantes", NDA)


def test_a_secondary_site_siret_finds_its_organisation():
    organisme = ValidOrganismeFactory()
    site = make_siret(int(organisme.siret[:8]), nic=7)
    organisme.etablissements.create(siret=site)

    assert services.find_organisme(site) == organisme


def test_an_organisation_with_admins_turns_the_sign_up_into_a_join_request():
    admin = MembreFactory(admin=True).user
    organisme = admin.memberships.get().organisme
    user = UserFactory()

    membre = inscrire(user, organisme.siret)

    assert (membre.organisme, membre.role, membre.statut) == (
        organisme,
        MemberRole.EDITEUR,
        MembershipStatus.DEMANDE,
    )
    assert not Adhesion.objects.exists()
    [sent] = mail.outbox
    assert sent.to == [admin.email]
    assert user.email in sent.body


def test_a_refused_adhesion_is_asked_for_again():
    adhesion = AdhesionFactory(statut=AdhesionStatus.REFUSEE, motif="NDA inconnu")

    inscrire(UserFactory(), adhesion.organisme.siret)

    adhesion.refresh_from_db()
    assert (adhesion.statut, adhesion.motif) == (AdhesionStatus.EN_ATTENTE, "")


@pytest.mark.parametrize("valide", [True, False])
def test_staff_decision_on_an_adhesion_is_mailed_to_the_requester(valide):
    requester = UserFactory()
    adhesion = AdhesionFactory(demandee_par=requester)
    staff = DocumentalisteFactory()

    services.decider_adhesion(adhesion, by=staff, valide=valide, motif="" if valide else "SIRET fermé")

    adhesion.refresh_from_db()
    assert adhesion.statut == (AdhesionStatus.VALIDEE if valide else AdhesionStatus.REFUSEE)
    assert adhesion.decidee_par == staff
    [sent] = mail.outbox
    assert sent.to == [requester.email]
    assert ("validée" if valide else "refusée") in sent.subject
    assert valide or "SIRET fermé" in sent.body


@pytest.mark.parametrize("accepte", [True, False])
def test_join_request_decision(accepte):
    demande = MembreFactory(demande=True)
    admin = MembreFactory(organisme=demande.organisme, admin=True).user

    services.decider_rattachement(demande, by=admin, accepte=accepte)

    demande.refresh_from_db()
    assert demande.statut == (MembershipStatus.ACTIF if accepte else MembershipStatus.REFUSE)
    assert demande.decided_by == admin
    [sent] = mail.outbox
    assert sent.to == [demande.user.email]


def test_invitation_is_mailed_with_its_link_and_accepting_makes_a_member():
    admin = MembreFactory(admin=True)
    invitation = services.inviter(
        admin.organisme, email="Nouvelle@Example.fr", role=MemberRole.EDITEUR, by=admin.user
    )

    [sent] = mail.outbox
    assert sent.to == ["nouvelle@example.fr"]
    assert f"/espace/invitation/{invitation.token}/" in sent.body

    user = UserFactory(email="nouvelle@example.fr")
    membre = services.accepter_invitation(invitation, user)
    assert (membre.organisme, membre.role, membre.statut) == (
        admin.organisme,
        MemberRole.EDITEUR,
        MembershipStatus.ACTIF,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_accepting_an_editor_invitation_never_demotes_an_admin():
    admin = MembreFactory(admin=True)
    invitation = InvitationFactory(organisme=admin.organisme, email=admin.user.email, role=MemberRole.EDITEUR)

    assert services.accepter_invitation(invitation, admin.user).role == MemberRole.ADMIN


class TestMembers:
    """Roles, removals and departures: an organisation always keeps an active admin."""

    @pytest.fixture
    def admin(self):
        return MembreFactory(admin=True)

    def test_an_editor_is_made_admin_then_editor_again(self, admin):
        editeur = MembreFactory(organisme=admin.organisme)
        services.changer_role(editeur, MemberRole.ADMIN)
        assert Membre.objects.get(pk=editeur.pk).role == MemberRole.ADMIN
        services.changer_role(admin, MemberRole.EDITEUR)  # another admin remains
        assert Membre.objects.get(pk=admin.pk).role == MemberRole.EDITEUR

    def test_the_last_admin_can_be_neither_demoted_nor_removed_nor_leave(self, admin):
        MembreFactory(organisme=admin.organisme)  # an editor does not count
        MembreFactory(organisme=admin.organisme, admin=True, demande=True)  # nor a request
        for change, words in [
            (lambda: services.changer_role(admin, MemberRole.EDITEUR), "retirer le rôle d'administrateur"),
            (lambda: services.retirer_membre(admin, by=admin.user), "retirer ce membre"),
            (lambda: services.quitter(admin), "quitter l'organisme"),
        ]:
            with pytest.raises(
                services.MembershipError, match=f"Impossible de {words}.*dernier administrateur"
            ):
                change()
        assert Membre.objects.get(pk=admin.pk).role == MemberRole.ADMIN
        assert not mail.outbox

    def test_a_removed_member_is_told_by_email_and_the_change_is_recorded(self, admin):
        editeur = MembreFactory(organisme=admin.organisme)
        pk = editeur.pk
        with acting(user=admin.user):
            services.retirer_membre(editeur, by=admin.user)
        assert not Membre.objects.filter(pk=pk).exists()
        [sent] = mail.outbox
        assert sent.to == [editeur.user.email]
        assert str(admin.organisme) in sent.subject
        assert str(admin.user) in sent.body
        removal = Changement.objects.get(object_id=pk, operation=Operation.SUPPRESSION)
        assert (removal.auteur, removal.organisme_id) == (admin.user, admin.organisme_id)

    def test_a_member_leaves_and_an_admin_may_leave_another_admin_in_charge(self, admin):
        editeur = MembreFactory(organisme=admin.organisme)
        services.quitter(editeur)
        second = MembreFactory(organisme=admin.organisme, admin=True)
        services.quitter(admin)
        assert list(second.organisme.membres.all()) == [second]

    def test_a_cancelled_invitation_is_no_longer_pending(self, admin):
        invitation = InvitationFactory(organisme=admin.organisme)
        services.annuler_invitation(invitation)
        assert not Invitation.objects.pending().exists()
        assert Invitation.objects.filter(pk=invitation.pk).exists()
