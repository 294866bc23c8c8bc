"""The duplicates pages: staff only, the list and its filters, the side-by-side comparison, and
the two decisions through plain forms (no JavaScript)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from efop.doublons import detection
from efop.doublons.enums import StatutDoublon, TypeDoublon
from efop.doublons.models import Doublon, Fusion
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation
from efop.organismes.models import Organisme
from tests.comptes.factories import ValidOrganismeFactory
from tests.offre.factories import FormationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def doublons(twice):
    """The ONISEP formation from two sources, and two organisations with the same NDA."""
    ValidOrganismeFactory(numero_activite="52440000001", raison_sociale="Centre Alpha", code_uai="0440001A")
    ValidOrganismeFactory(numero_activite="52440000001", raison_sociale="Centre Alpha (Nantes)")
    detection.detect()
    return {doublon.type: doublon for doublon in Doublon.objects.all()}


def urls(doublon):
    return [
        ("get", reverse("doublons:liste")),
        ("get", reverse("doublons:comparaison", args=[doublon.pk])),
        ("post", reverse("doublons:fusionner", args=[doublon.pk])),
        ("post", reverse("doublons:ecarter", args=[doublon.pk])),
    ]


def test_only_staff_reach_the_pages(client, admin_organisme_client, documentaliste_client, doublons):
    doublon = doublons[TypeDoublon.ORGANISME]
    for method, url in urls(doublon):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("espace:connexion"))
        assert getattr(admin_organisme_client, method)(url).status_code == 403, url
    doublon.refresh_from_db()
    assert doublon.statut == StatutDoublon.A_EXAMINER
    assert documentaliste_client.get(reverse("doublons:liste")).status_code == 200
    assertContains(documentaliste_client.get(reverse("espace:tableau-de-bord")), reverse("doublons:liste"))


def test_the_list_shows_pending_pairs_and_filters_them(documentaliste_client, doublons):
    response = documentaliste_client.get(reverse("doublons:liste"))
    assertContains(response, "2 paires")
    assertContains(response, "Même numéro de déclaration d&#x27;activité 52440000001.")
    assertContains(response, "BTS négociation et relation client")

    response = documentaliste_client.get(
        reverse("doublons:liste"), {"type": "formation", "statut": "a_examiner"}
    )
    assertContains(response, "1 paire")
    assertNotContains(response, "Centre Alpha")
    response = documentaliste_client.get(reverse("doublons:liste"), {"score_min": 100, "statut": ""})
    assertContains(response, "1 paire")
    assertContains(response, "Même intitulé.")
    response = documentaliste_client.get(reverse("doublons:liste"), {"statut": "pas_un_doublon"})
    assertContains(response, "Aucune paire ne correspond à ces filtres.")
    response = documentaliste_client.get(reverse("doublons:liste"), {"score_min": "beaucoup"})
    assertContains(response, "Saisissez un nombre entier.")


def test_the_comparison_shows_both_records_their_sources_counts_and_differences(
    documentaliste_client, doublons
):
    organismes = doublons[TypeDoublon.ORGANISME]
    FormationFactory(responsable_id=organismes.premier_id)
    response = documentaliste_client.get(reverse("doublons:comparaison", args=[organismes.pk]))
    assertContains(response, "Centre Alpha (Nantes)")
    assertContains(response, "0440001A")
    assertContains(response, '<tr class="doublon-different">', count=5)  # SIRET, key, name, UAI, formations
    assertContains(response, "Nombre de formations")
    assertContains(response, "Fusionner")
    assertContains(response, "Ce n'est pas un doublon")

    formations = doublons[TypeDoublon.FORMATION]
    response = documentaliste_client.get(reverse("doublons:comparaison", args=[formations.pk]))
    assertContains(response, "onisep")
    assertContains(response, "partenaire")
    assertContains(response, "du 01/09/2015 au 31/08/2017", count=2)
    assertContains(response, "Nombre de sessions")
    assertContains(response, reverse("moderation:formation", args=[formations.premier_id]))


def test_merging_through_the_form(documentaliste_client, documentaliste, doublons):
    doublon = doublons[TypeDoublon.FORMATION]
    url = reverse("doublons:fusionner", args=[doublon.pk])

    response = documentaliste_client.post(url, {"conserve": doublon.premier_id, "motif": ""})
    assert response.status_code == 422
    assertContains(response, "Indiquez le motif de la fusion.", status_code=422)
    response = documentaliste_client.post(url, {"conserve": 999999, "motif": "Doublon"})
    assertContains(response, "Choisissez l&#x27;une des deux fiches.", status_code=422)
    assert not Fusion.objects.exists()

    response = documentaliste_client.post(url, {"conserve": doublon.premier_id, "motif": "Même fiche"})
    assertRedirects(response, reverse("doublons:liste"), fetch_redirect_response=False)
    assert Formation.objects.get(pk=doublon.second_id).status == FormationStatus.RETIREE
    fusion = Fusion.objects.get()
    assert (fusion.auteur, fusion.motif) == (documentaliste, "Même fiche")
    response = documentaliste_client.get(reverse("doublons:comparaison", args=[doublon.pk]))
    assertContains(
        response, f"La fiche n° {doublon.second_id} est fusionnée dans la fiche n° {doublon.premier_id}."
    )
    assertNotContains(response, '<h2 class="fr-mt-4w">Décision</h2>', html=False)

    again = documentaliste_client.post(url, {"conserve": doublon.premier_id, "motif": "Encore"}, follow=True)
    assertContains(again, "Ce doublon a déjà été traité (fusionné).")


def test_merging_organisations_through_the_form(documentaliste_client, doublons):
    doublon = doublons[TypeDoublon.ORGANISME]
    response = documentaliste_client.post(
        reverse("doublons:fusionner", args=[doublon.pk]), {"conserve": doublon.second_id, "motif": "Même NDA"}
    )
    assert response.status_code == 302
    assert not Organisme.objects.filter(pk=doublon.premier_id).exists()
    assert Organisme.objects.get(pk=doublon.second_id).code_uai == "0440001A"


def test_not_a_duplicate_through_the_form(documentaliste_client, documentaliste, doublons):
    doublon = doublons[TypeDoublon.ORGANISME]
    response = documentaliste_client.post(
        reverse("doublons:ecarter", args=[doublon.pk]),
        {"ecarter-motif": "Deux centres distincts"},
        follow=True,
    )
    assertContains(response, "ces deux fiches ne seront plus proposées comme doublon")
    doublon.refresh_from_db()
    assert (doublon.statut, doublon.decided_by, doublon.motif) == (
        StatutDoublon.PAS_UN_DOUBLON,
        documentaliste,
        "Deux centres distincts",
    )
    assertContains(documentaliste_client.get(reverse("doublons:liste")), "1 paire")
