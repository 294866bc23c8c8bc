"""Every accounts view, GET and POST, by an anonymous user, another organisation's admin, a
non-admin member and an organisation user on staff pages; ids of other organisations are guessed."""

import pytest
from django.urls import reverse

from efop.comptes.enums import AdhesionStatus, MembershipStatus
from efop.organismes.models import Delegation
from tests.comptes.factories import AdhesionFactory, MembreFactory, ValidOrganismeFactory

pytestmark = pytest.mark.django_db

LOGIN_REQUIRED = ["compte", "mot-de-passe", "organismes", "rejoindre", "adhesions"]


@pytest.fixture
def objets(organisme, admin_organisme):
    """A join request and a délégation of `organisme`, to aim the admin-only views at."""
    return {
        "demande": MembreFactory(organisme=organisme, demande=True),
        "delegation": Delegation.objects.create(responsable=organisme, formateur=ValidOrganismeFactory()),
    }


def admin_urls(organisme, objets):
    pk = organisme.pk
    return [
        reverse("espace:inviter", args=[pk]),
        reverse("espace:decider-demande", args=[pk, objets["demande"].pk]),
        reverse("espace:ajouter-etablissement", args=[pk]),
        reverse("espace:ajouter-delegation", args=[pk]),
        reverse("espace:supprimer-delegation", args=[pk, objets["delegation"].pk]),
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
    assert objets["demande"].statut == MembershipStatus.DEMANDE
    assert Delegation.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisation_user_gets_404_everywhere(autre_client, organisme, objets, method):
    for url in [reverse("espace:organisme", args=[organisme.pk]), *admin_urls(organisme, objets)]:
        response = getattr(autre_client, method)(url, POST_DATA)
        assert response.status_code == (
            404 if method == "post" or url.endswith(f"/{organisme.pk}/") else 405
        ), url
    objets["demande"].refresh_from_db()
    assert objets["demande"].statut == MembershipStatus.DEMANDE
    assert Delegation.objects.count() == 1
    assert not organisme.invitations.exists() and not organisme.etablissements.exists()


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
    objets["demande"].refresh_from_db()
    assert objets["demande"].statut == MembershipStatus.DEMANDE
    assert Delegation.objects.count() == 1
    assert not organisme.invitations.exists()


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
    demande.refresh_from_db()
    assert demande.statut == MembershipStatus.DEMANDE
    assert Delegation.objects.filter(pk=delegation.pk).exists()


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
    response = documentaliste_client.post(
        reverse("espace:decider-demande", args=[organisme.pk, objets["demande"].pk]), {"decision": "accepter"}
    )
    assert response.status_code == 302


def test_an_already_decided_adhesion_cannot_be_decided_again(documentaliste_client):
    adhesion = AdhesionFactory(validee=True)
    response = documentaliste_client.post(
        reverse("espace:decider-adhesion", args=[adhesion.pk]), {f"a{adhesion.pk}-decision": "refuser"}
    )
    assert response.status_code == 404


def test_post_only_views_refuse_get(admin_organisme_client, organisme):
    assert admin_organisme_client.get(reverse("espace:inviter", args=[organisme.pk])).status_code == 405
    assert admin_organisme_client.get(reverse("espace:rejoindre")).status_code == 405
