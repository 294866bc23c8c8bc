"""Every accounts view, GET and POST, by an anonymous user, another organisation's admin, a
non-admin member and an organisation user on staff pages; ids of other organisations are guessed."""

import pytest
from django.urls import reverse

from efop.comptes.enums import AdhesionStatus, MemberRole, MembershipStatus
from efop.comptes.models import Invitation
from efop.organismes.models import Delegation
from tests.comptes.factories import (
    AdhesionFactory,
    InvitationFactory,
    MembreFactory,
    ValidOrganismeFactory,
)

pytestmark = pytest.mark.django_db

LOGIN_REQUIRED = ["compte", "mot-de-passe", "organismes", "rejoindre", "adhesions"]


@pytest.fixture
def objets(organisme, admin_organisme):
    """A join request, a délégation, a member and an invitation of `organisme`, to aim the
    admin-only views at."""
    return {
        "demande": MembreFactory(organisme=organisme, demande=True),
        "delegation": Delegation.objects.create(responsable=organisme, formateur=ValidOrganismeFactory()),
        "membre": MembreFactory(organisme=organisme),
        "invitation": InvitationFactory(organisme=organisme),
    }


def assert_unchanged(organisme, objets):
    objets["demande"].refresh_from_db()
    assert objets["demande"].statut == MembershipStatus.DEMANDE
    assert Delegation.objects.count() == 1
    objets["membre"].refresh_from_db()  # still there
    assert objets["membre"].role == MemberRole.EDITEUR
    assert list(organisme.invitations.pending()) == [objets["invitation"]]
    assert not organisme.etablissements.exists()


def admin_urls(organisme, objets):
    pk = organisme.pk
    return [
        reverse("espace:inviter", args=[pk]),
        reverse("espace:decider-demande", args=[pk, objets["demande"].pk]),
        reverse("espace:ajouter-etablissement", args=[pk]),
        reverse("espace:ajouter-delegation", args=[pk]),
        reverse("espace:supprimer-delegation", args=[pk, objets["delegation"].pk]),
        reverse("espace:changer-role", args=[pk, objets["membre"].pk]),
        reverse("espace:retirer-membre", args=[pk, objets["membre"].pk]),
        reverse("espace:annuler-invitation", args=[pk, objets["invitation"].pk]),
    ]


POST_DATA = {
    "email": "x@example.fr",
    "role": "admin",
    "decision": "accepter",
    "siret": "73282932000074",
    "nom": "Site",
    "peut_modifier": "on",
}


@pytest.mark.parametrize("name", LOGIN_REQUIRED)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_the_login_page(login, name, method):
    response = getattr(login(), method)(reverse(f"espace:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("espace:connexion"))


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_never_reaches_an_organisation(login, organisme, objets, method):
    for url in [reverse("espace:organisme", args=[organisme.pk]), *admin_urls(organisme, objets)]:
        response = getattr(login(), method)(url, POST_DATA)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("espace:connexion"))
    assert_unchanged(organisme, objets)


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisation_user_gets_404_everywhere(autre_client, organisme, objets, method):
    for url in [reverse("espace:organisme", args=[organisme.pk]), *admin_urls(organisme, objets)]:
        response = getattr(autre_client, method)(url, POST_DATA)
        assert response.status_code == (
            404 if method == "post" or url.endswith(f"/{organisme.pk}/") else 405
        ), url
    assert_unchanged(organisme, objets)


def test_another_organisation_details_are_not_shown(autre_client, organisme, objets):
    response = autre_client.get(reverse("espace:organismes"))
    assert str(organisme) not in response.content.decode()


def test_a_non_admin_member_sees_the_organisation_but_may_not_manage_it(editeur_client, organisme, objets):
    page = editeur_client.get(reverse("espace:organisme", args=[organisme.pk]))
    assert page.status_code == 200
    assert objets["demande"].user.email not in page.content.decode()
    assert 'id="inviter"' not in page.content.decode()
    for url in admin_urls(organisme, objets):
        assert editeur_client.post(url, POST_DATA).status_code == 403, url
    assert_unchanged(organisme, objets)


def test_guessed_ids_of_another_organisation_under_ones_own_are_404(
    admin_organisme_client, organisme, autre_organisme
):
    demande = MembreFactory(organisme=autre_organisme, demande=True)
    delegation = Delegation.objects.create(responsable=autre_organisme, formateur=organisme)
    own = organisme.pk
    assert (
        admin_organisme_client.post(
            reverse("espace:decider-demande", args=[own, demande.pk]), {"decision": "accepter"}
        ).status_code
        == 404
    )
    assert (
        admin_organisme_client.post(
            reverse("espace:supprimer-delegation", args=[own, delegation.pk])
        ).status_code
        == 404
    )
    membre = MembreFactory(organisme=autre_organisme)
    invitation = InvitationFactory(organisme=autre_organisme)
    for url in [
        reverse("espace:changer-role", args=[own, membre.pk]),
        reverse("espace:retirer-membre", args=[own, membre.pk]),
        reverse("espace:annuler-invitation", args=[own, invitation.pk]),
    ]:
        assert admin_organisme_client.post(url, POST_DATA).status_code == 404, url
    demande.refresh_from_db()
    assert demande.statut == MembershipStatus.DEMANDE
    assert Delegation.objects.filter(pk=delegation.pk).exists()
    membre.refresh_from_db()
    assert membre.role == MemberRole.EDITEUR
    assert Invitation.objects.pending().filter(pk=invitation.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_pages_are_refused_to_organisation_users(admin_organisme_client, method):
    adhesion = AdhesionFactory()
    for url in [reverse("espace:adhesions"), reverse("espace:decider-adhesion", args=[adhesion.pk])]:
        response = getattr(admin_organisme_client, method)(url, {"a{adhesion.pk}-decision": "accepter"})
        assert response.status_code == 403, url
    adhesion.refresh_from_db()
    assert adhesion.statut == AdhesionStatus.EN_ATTENTE


def test_staff_may_act_for_any_organisation(documentaliste_client, organisme, objets):
    assert documentaliste_client.get(reverse("espace:organisme", args=[organisme.pk])).status_code == 200
    for url in admin_urls(organisme, objets):
        if any(part in url for part in ("/demandes/", "/membres/", "/invitations/")):
            assert documentaliste_client.post(url, POST_DATA).status_code == 302, url
    objets["demande"].refresh_from_db()
    assert objets["demande"].statut == MembershipStatus.ACTIF
    assert not organisme.membres.filter(pk=objets["membre"].pk).exists()
    assert not organisme.invitations.pending().exists()


class TestQuitter:
    """Leaving needs only to be a member: the organisation is found among one's own memberships."""

    def url(self, organisme):
        return reverse("espace:quitter", args=[organisme.pk])

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_anonymous_is_sent_to_the_login_page(self, login, organisme, method):
        response = getattr(login(), method)(self.url(organisme))
        assert response.status_code == 302
        assert response.url.startswith(reverse("espace:connexion"))

    def test_get_is_refused(self, editeur_client, organisme):
        assert editeur_client.get(self.url(organisme)).status_code == 405

    def test_one_cannot_leave_an_organisation_one_is_not_a_member_of(
        self, autre_client, documentaliste_client, organisme, editeur
    ):
        for client in (autre_client, documentaliste_client):
            assert client.post(self.url(organisme)).status_code == 404
        assert organisme.membres.filter(user=editeur).exists()


def test_an_already_decided_adhesion_cannot_be_decided_again(documentaliste_client):
    adhesion = AdhesionFactory(validee=True)
    response = documentaliste_client.post(
        reverse("espace:decider-adhesion", args=[adhesion.pk]), {f"a{adhesion.pk}-decision": "refuser"}
    )
    assert response.status_code == 404


def test_post_only_views_refuse_get(admin_organisme_client, organisme):
    assert admin_organisme_client.get(reverse("espace:inviter", args=[organisme.pk])).status_code == 405
    assert admin_organisme_client.get(reverse("espace:rejoindre")).status_code == 405
