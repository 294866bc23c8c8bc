"""Accounts pages, end to end: sign-up, login and throttling, password reset, account page,
invitations, members (roles, removal, leaving), join requests, établissements, délégations and
staff decisions on adhésions."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from efop.comptes.enums import AdhesionStatus, MemberRole, MembershipStatus
from efop.comptes.models import Membre, User
from efop.organismes.models import Delegation, Organisme
from tests.comptes.factories import (
    PASSWORD,
    AdhesionFactory,
    InvitationFactory,
    MembreFactory,
    UserFactory,
    ValidOrganismeFactory,
    make_siret,
)

pytestmark = pytest.mark.django_db

NEW_SIRET = make_siret(27_182_818)
NEW_PASSWORD = "une-phrase-de-passe-solide"


def signup_data(**changes):
    return {
        "organisme-siret": NEW_SIRET,
        "organisme-numero_activite": "52440123456",
        "organisme-raison_sociale": "Formations de Loire",
        "compte-email": "claire@example.fr",
        "compte-first_name": "Claire",
        "compte-last_name": "Durand",
        "compte-password1": NEW_PASSWORD,
        "compte-password2": NEW_PASSWORD,
    } | changes


def text(response) -> str:
    return html.unescape(response.content.decode())


class TestInscription:
    def test_page(self, login):
        response = login().get(reverse("espace:inscription"))
        assert response.status_code == 200
        assert "Numéro de déclaration d'activité" in text(response)

    def test_a_new_organisation_and_its_admin(self, client, documentaliste):
        response = client.post(reverse("espace:inscription"), signup_data())

        assert response.status_code == 302
        assert response.url == reverse("espace:organismes")
        user = User.objects.get(email="claire@example.fr")
        membre = user.memberships.get()
        assert (membre.organisme.siret, membre.role, membre.statut) == (
            NEW_SIRET,
            MemberRole.ADMIN,
            MembershipStatus.ACTIF,
        )
        assert membre.organisme.adhesion.statut == AdhesionStatus.EN_ATTENTE
        assert [m.to for m in mail.outbox] == [[documentaliste.email]]
        page = client.get(response.url)  # logged in
        assert "est inscrit et vous en êtes l'administrateur" in text(page)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"organisme-siret": NEW_SIRET[:-1] + str((int(NEW_SIRET[-1]) + 1) % 10)}, "clé de contrôle"),
            ({"organisme-siret": "11111111111111"}, "valeur de remplissage"),
            ({"organisme-siret": "1234"}, "14 chiffres ; vous en avez saisi 4"),
            ({"organisme-numero_activite": "5244012345"}, "11 caractères ; vous en avez saisi 10"),
            ({"organisme-numero_activite": "99999999999"}, "valeur de remplissage"),
            ({"compte-email": "deja@example.fr"}, "Un compte existe déjà avec cette adresse"),
            ({"compte-password2": "autre-chose-encore"}, "mots de passe ne correspondent pas"),
        ],
    )
    def test_refusals_explain_themselves_and_create_nothing(self, client, changes, message):
        UserFactory(email="deja@example.fr")

        response = client.post(reverse("espace:inscription"), signup_data(**changes))

        assert response.status_code == 200
        assert message in text(response)
        assert User.objects.count() == 1
        assert not Organisme.objects.exists()
        assert not mail.outbox

    def test_an_organisation_with_admins_gets_a_join_request(self, client, organisme, admin_organisme):
        response = client.post(
            reverse("espace:inscription"), signup_data(**{"organisme-siret": organisme.siret})
        )

        assert response.status_code == 302
        membre = Membre.objects.get(user__email="claire@example.fr")
        assert (membre.organisme, membre.statut) == (organisme, MembershipStatus.DEMANDE)
        assert [m.to for m in mail.outbox] == [[admin_organisme.email]]

    def test_a_logged_in_user_signs_up_another_organisation_without_a_new_account(
        self, admin_organisme_client
    ):
        data = {k: v for k, v in signup_data().items() if k.startswith("organisme-")}
        response = admin_organisme_client.post(reverse("espace:inscription"), data)
        assert response.status_code == 302
        assert Organisme.objects.filter(siret=NEW_SIRET).exists()
        assert User.objects.count() == 1

    def test_a_member_cannot_sign_up_the_same_organisation_again(self, admin_organisme_client, organisme):
        data = {
            k: v for k, v in signup_data(**{"organisme-siret": organisme.siret}).items() if "organisme" in k
        }
        response = admin_organisme_client.post(reverse("espace:inscription"), data)
        assert response.status_code == 200
        assert "Vous êtes déjà membre" in text(response)


class TestConnexion:
    def test_login_with_email_and_password(self, client, admin_organisme):
        response = client.post(
            reverse("espace:connexion"),
            {"username": admin_organisme.email, "password": PASSWORD, "next": reverse("espace:compte")},
        )
        assert response.status_code == 302
        assert response.url == reverse("espace:compte")

    def test_a_wrong_password_is_explained(self, client, admin_organisme):
        response = client.post(
            reverse("espace:connexion"), {"username": admin_organisme.email, "password": "non"}
        )
        assert response.status_code == 200
        assert "Adresse électronique ou mot de passe incorrect" in text(response)

    def test_the_address_case_does_not_matter(self, client, admin_organisme):
        response = client.post(
            reverse("espace:connexion"),
            {"username": f" {admin_organisme.email.upper()}", "password": PASSWORD},
        )
        assert response.status_code == 302

    def test_login_is_locked_after_repeated_failures(self, client, admin_organisme, settings):
        url = reverse("espace:connexion")
        for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            email = admin_organisme.email.upper() if attempt % 2 else admin_organisme.email
            assert client.post(url, {"username": email, "password": "non"}).status_code == 200
        locked = client.post(url, {"username": admin_organisme.email, "password": "non"})
        assert locked.status_code == 429
        assert "Connexion temporairement bloquée" in text(locked)
        # Even the right password is refused while locked.
        again = client.post(url, {"username": admin_organisme.email, "password": PASSWORD})
        assert again.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_logout_is_a_post(self, admin_organisme_client):
        response = admin_organisme_client.post(reverse("espace:deconnexion"))
        assert response.status_code == 302
        assert admin_organisme_client.get(reverse("espace:compte")).status_code == 302


def test_password_reset_by_email(client, admin_organisme):
    response = client.post(reverse("espace:mot-de-passe-oublie"), {"email": admin_organisme.email})
    assert response.status_code == 302
    [sent] = mail.outbox
    assert sent.to == [admin_organisme.email]
    assert sent.subject == "Réinitialisation de votre mot de passe"
    link = re.search(r"https?://[^/\s]+(/espace/mot-de-passe-oublie/\S+/)", sent.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    admin_organisme.refresh_from_db()
    assert admin_organisme.check_password(NEW_PASSWORD)


def test_password_reset_of_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("espace:mot-de-passe-oublie"), {"email": "personne@example.fr"})
    assert response.status_code == 302
    assert not mail.outbox


class TestCompte:
    def test_page_lists_memberships(self, admin_organisme_client, organisme):
        response = admin_organisme_client.get(reverse("espace:compte"))
        assert response.status_code == 200
        assert str(organisme) in text(response)

    def test_identity_is_saved(self, admin_organisme_client, admin_organisme):
        response = admin_organisme_client.post(
            reverse("espace:compte"), {"first_name": "Léa", "last_name": "Roux"}
        )
        assert response.status_code == 302
        admin_organisme.refresh_from_db()
        assert admin_organisme.get_full_name() == "Léa Roux"

    def test_password_change(self, admin_organisme_client, admin_organisme):
        response = admin_organisme_client.post(
            reverse("espace:mot-de-passe"),
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        admin_organisme.refresh_from_db()
        assert admin_organisme.check_password(NEW_PASSWORD)


class TestInvitation:
    def invite(self, client, organisme, email="invitee@example.fr"):
        return client.post(
            reverse("espace:inviter", args=[organisme.pk]), {"email": email, "role": "editeur"}
        )

    def link(self):
        return re.search(r"https?://[^/\s]+(/espace/invitation/\S+/)", mail.outbox[-1].body).group(1)

    def test_a_new_person_creates_an_account_from_the_link(self, admin_organisme_client, organisme, login):
        assert self.invite(admin_organisme_client, organisme).status_code == 302
        anonymous = login()
        page = anonymous.get(self.link())
        assert page.status_code == 200
        assert "Créez votre compte" in text(page)

        response = anonymous.post(
            self.link(),
            {
                "first_name": "Inès",
                "last_name": "Bernard",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )

        assert response.status_code == 302
        membre = Membre.objects.get(user__email="invitee@example.fr")
        assert (membre.organisme, membre.role, membre.statut) == (
            organisme,
            MemberRole.EDITEUR,
            MembershipStatus.ACTIF,
        )
        assert anonymous.get(response.url).status_code == 200  # logged in, on the organisation page

    def test_an_existing_user_logs_in_then_joins(self, admin_organisme_client, organisme, login):
        user = UserFactory(email="invitee@example.fr")
        self.invite(admin_organisme_client, organisme)
        assert "connectez-vous pour accepter" in text(login().get(self.link()))

        response = login(user).post(self.link())

        assert response.status_code == 302
        assert user.memberships.get().organisme == organisme

    def test_another_account_cannot_use_the_link(
        self, admin_organisme_client, organisme, autre_client, autre_admin
    ):
        self.invite(admin_organisme_client, organisme)
        response = autre_client.post(self.link())
        assert response.status_code == 403
        assert not autre_admin.memberships.filter(organisme=organisme).exists()

    def test_refusals(self, admin_organisme_client, organisme, editeur):
        assert "est déjà membre" in text(self.invite(admin_organisme_client, organisme, editeur.email))
        self.invite(admin_organisme_client, organisme)
        assert "est encore valable" in text(self.invite(admin_organisme_client, organisme))
        assert len(mail.outbox) == 1

    def test_unknown_accepted_or_expired_links_are_404(self, login, organisme):
        expired = InvitationFactory(organisme=organisme, expires_at=timezone.now())
        accepted = InvitationFactory(organisme=organisme, accepted_at=timezone.now())
        for token in ("devine", expired.token, accepted.token):
            response = login().get(reverse("espace:invitation", args=[token]))
            assert response.status_code == 404
            assert "plus valable" in text(response)


class TestMembres:
    def page(self, client, organisme):
        return text(client.get(reverse("espace:organisme", args=[organisme.pk])))

    def test_an_admin_names_another_admin_who_may_then_demote_the_first(
        self, login, admin_organisme_client, admin_organisme, organisme, editeur
    ):
        membre = editeur.memberships.get()
        response = admin_organisme_client.post(
            reverse("espace:changer-role", args=[organisme.pk, membre.pk]), {"role": "admin"}, follow=True
        )
        assert "est désormais administrateur de l'organisme" in text(response)
        first = admin_organisme.memberships.get()
        login(editeur).post(
            reverse("espace:changer-role", args=[organisme.pk, first.pk]), {"role": "editeur"}
        )
        first.refresh_from_db()
        assert first.role == MemberRole.EDITEUR

    def test_the_last_admin_is_told_why_and_what_to_do(
        self, admin_organisme_client, admin_organisme, organisme
    ):
        membre = admin_organisme.memberships.get()
        for url, data in [
            (reverse("espace:changer-role", args=[organisme.pk, membre.pk]), {"role": "editeur"}),
            (reverse("espace:retirer-membre", args=[organisme.pk, membre.pk]), {}),
            (reverse("espace:quitter", args=[organisme.pk]), {}),
        ]:
            response = admin_organisme_client.post(url, data, follow=True)
            assert response.redirect_chain[-1][0] == reverse("espace:organisme", args=[organisme.pk])
            page = text(response)
            assert "dernier administrateur" in page and "Donnez d'abord le rôle d'administrateur" in page
        membre.refresh_from_db()
        assert (membre.role, membre.statut) == (MemberRole.ADMIN, MembershipStatus.ACTIF)

    def test_a_removed_member_loses_access_and_gets_an_email(
        self, login, admin_organisme_client, organisme, editeur
    ):
        membre = editeur.memberships.get()
        response = admin_organisme_client.post(
            reverse("espace:retirer-membre", args=[organisme.pk, membre.pk]), follow=True
        )
        assert "ne fait plus partie de l'organisme" in text(response)
        assert not Membre.objects.filter(user=editeur).exists()
        [sent] = mail.outbox
        assert sent.to == [editeur.email] and "ne faites plus partie" in sent.subject
        assert login(editeur).get(reverse("espace:organisme", args=[organisme.pk])).status_code == 404

    def test_a_member_leaves(self, editeur_client, editeur, organisme):
        page = self.page(editeur_client, organisme)
        assert f"Quitter {organisme}" in page and "Retirer de l'organisme" not in page
        response = editeur_client.post(reverse("espace:quitter", args=[organisme.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("espace:organismes")
        assert f"Vous avez quitté {organisme}" in text(response)
        assert not editeur.memberships.exists()

    def test_a_cancelled_invitation_link_is_no_longer_valid(self, login, admin_organisme_client, organisme):
        invitation = InvitationFactory(organisme=organisme)
        assert invitation.email in self.page(admin_organisme_client, organisme)
        response = admin_organisme_client.post(
            reverse("espace:annuler-invitation", args=[organisme.pk, invitation.pk]), follow=True
        )
        assert "annulée" in text(response)
        assert f"{invitation.email} (" not in self.page(admin_organisme_client, organisme)
        response = login().get(reverse("espace:invitation", args=[invitation.token]))
        assert response.status_code == 404 and "plus valable" in text(response)
        # the same address may be invited again at once
        response = admin_organisme_client.post(
            reverse("espace:inviter", args=[organisme.pk]), {"email": invitation.email, "role": "editeur"}
        )
        assert response.status_code == 302


class TestRattachement:
    def test_request_then_accept(self, login, organisme, admin_organisme, admin_organisme_client):
        user = UserFactory()
        response = login(user).post(reverse("espace:rejoindre"), {"siret": organisme.siret})
        assert response.status_code == 302
        demande = user.memberships.get()
        assert demande.statut == MembershipStatus.DEMANDE
        assert mail.outbox[-1].to == [admin_organisme.email]

        page = admin_organisme_client.get(reverse("espace:organisme", args=[organisme.pk]))
        assert user.email in text(page)
        response = admin_organisme_client.post(
            reverse("espace:decider-demande", args=[organisme.pk, demande.pk]), {"decision": "accepter"}
        )

        assert response.status_code == 302
        demande.refresh_from_db()
        assert demande.statut == MembershipStatus.ACTIF
        assert mail.outbox[-1].to == [user.email]

    def test_refuse(self, organisme, admin_organisme_client):
        demande = MembreFactory(organisme=organisme, demande=True)
        admin_organisme_client.post(
            reverse("espace:decider-demande", args=[organisme.pk, demande.pk]), {"decision": "refuser"}
        )
        demande.refresh_from_db()
        assert demande.statut == MembershipStatus.REFUSE
        assert "refusé" in mail.outbox[-1].subject

    @pytest.mark.parametrize(
        ("siret", "message"),
        [(make_siret(55_555_555), "Aucun organisme de la base"), ("73282932000075", "clé de contrôle")],
    )
    def test_refusals(self, login, siret, message):
        response = login(UserFactory()).post(reverse("espace:rejoindre"), {"siret": siret})
        assert response.status_code == 200
        assert message in text(response)

    def test_an_organisation_without_admin_must_be_signed_up(self, login):
        organisme = ValidOrganismeFactory()
        response = login(UserFactory()).post(reverse("espace:rejoindre"), {"siret": organisme.siret})
        assert "pas encore d'administrateur" in text(response)


class TestEtablissementsEtDelegations:
    def test_add_an_etablissement_of_the_same_siren(self, admin_organisme_client, organisme):
        site = make_siret(int(organisme.siret[:8]), nic=9)
        url = reverse("espace:ajouter-etablissement", args=[organisme.pk])
        assert admin_organisme_client.post(url, {"siret": site, "nom": "Site de Cholet"}).status_code == 302
        assert organisme.etablissements.get().siret == site

        assert "déjà rattaché" in text(admin_organisme_client.post(url, {"siret": site}))
        other = admin_organisme_client.post(url, {"siret": make_siret(77_777_777)})
        assert "n'appartient pas à l'entreprise" in text(other)
        assert organisme.etablissements.count() == 1

    def test_delegations_are_added_updated_and_removed(self, admin_organisme_client, organisme):
        formateur = ValidOrganismeFactory()
        url = reverse("espace:ajouter-delegation", args=[organisme.pk])
        admin_organisme_client.post(url, {"siret": formateur.siret, "peut_modifier": "on"})
        admin_organisme_client.post(url, {"siret": formateur.siret})
        delegation = Delegation.objects.get()
        assert (delegation.responsable, delegation.formateur, delegation.peut_modifier) == (
            organisme,
            formateur,
            False,
        )
        assert "votre propre organisme" in text(admin_organisme_client.post(url, {"siret": organisme.siret}))

        admin_organisme_client.post(
            reverse("espace:supprimer-delegation", args=[organisme.pk, delegation.pk])
        )
        assert not Delegation.objects.exists()


class TestAdhesions:
    def test_staff_validate_and_the_requester_is_told(self, documentaliste_client):
        requester = UserFactory()
        adhesion = AdhesionFactory(demandee_par=requester)
        page = documentaliste_client.get(reverse("espace:adhesions"))
        assert str(adhesion.organisme) in text(page)

        response = documentaliste_client.post(
            reverse("espace:decider-adhesion", args=[adhesion.pk]), {f"a{adhesion.pk}-decision": "accepter"}
        )

        assert response.status_code == 302
        adhesion.refresh_from_db()
        assert adhesion.statut == AdhesionStatus.VALIDEE
        [sent] = mail.outbox
        assert sent.to == [requester.email]
        assert "validée" in sent.subject

    def test_a_refusal_needs_a_reason_which_is_sent(self, documentaliste_client):
        adhesion = AdhesionFactory(demandee_par=UserFactory())
        url = reverse("espace:decider-adhesion", args=[adhesion.pk])
        prefix = f"a{adhesion.pk}"

        missing = documentaliste_client.post(url, {f"{prefix}-decision": "refuser"})
        assert missing.status_code == 200
        assert "Indiquez le motif du refus" in text(missing)
        assert not mail.outbox

        documentaliste_client.post(
            url, {f"{prefix}-decision": "refuser", f"{prefix}-motif": "NDA introuvable"}
        )
        adhesion.refresh_from_db()
        assert (adhesion.statut, adhesion.motif) == (AdhesionStatus.REFUSEE, "NDA introuvable")
        assert "NDA introuvable" in mail.outbox[0].body
