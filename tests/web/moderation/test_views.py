"""The moderation pages: staff only, the queue and its filters, a submission's changes and the
decisions, a formation's history and corrections."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from efop.moderation import workflow
from efop.moderation.enums import SubmissionStatus
from efop.moderation.models import Soumission
from efop.offre.enums import FormationStatus
from efop.offre.models import LieuFormation
from efop.referentiels.models import Commune, Territoire
from tests.offre.factories import ActionFactory, FormationFactory, OrganismeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def soumission(editeur, published):
    workflow.propose_update(editeur, published.actions.get(), {"prix_total_ttc": 1500})
    return Soumission.objects.get()


def submitted(intitule, *, days=0, **formation):
    draft = FormationFactory(status=FormationStatus.BROUILLON, intitule=intitule, **formation)
    action = ActionFactory(formation=draft)
    soumission = workflow.submit(draft, None)
    Soumission.objects.filter(pk=soumission.pk).update(submitted_at=timezone.now() - timedelta(days=days))
    return soumission, action


def urls(soumission, formation):
    return {
        ("get", reverse("moderation:file")),
        ("get", reverse("moderation:soumission", args=[soumission.pk])),
        ("post", reverse("moderation:accepter", args=[soumission.pk])),
        ("post", reverse("moderation:retourner", args=[soumission.pk])),
        ("post", reverse("moderation:corriger", args=[soumission.pk])),
        ("get", reverse("moderation:formation", args=[formation.pk])),
        ("get", reverse("moderation:historique", args=[formation.pk])),
        ("post", reverse("moderation:retirer", args=[formation.pk])),
        ("post", reverse("moderation:archiver", args=[formation.pk])),
    }


def test_anonymous_visitors_are_sent_to_the_login_page(client, soumission, published):
    for method, url in urls(soumission, published):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("espace:connexion")), url


def test_organisation_users_are_refused(client, editeur, soumission, published):
    client.force_login(editeur)
    for method, url in urls(soumission, published):
        assert getattr(client, method)(url).status_code == 403, url
    soumission.refresh_from_db()
    published.refresh_from_db()
    assert (soumission.statut, published.status) == (SubmissionStatus.EN_ATTENTE, FormationStatus.PUBLIEE)


def test_documentalists_reach_every_page(client, documentaliste, soumission, published):
    client.force_login(documentaliste)
    for method, url in sorted(urls(soumission, published)):
        if method == "get":
            assert client.get(url).status_code == 200, url
    assert client.post(reverse("moderation:retirer", args=[published.pk])).status_code == 302


def test_the_queue_lists_pending_submissions_oldest_first(client, documentaliste):
    submitted("Récente", days=1)
    submitted("Ancienne", days=20)
    decided, _ = submitted("Décidée", days=30)
    workflow.accept(decided, documentaliste)
    client.force_login(documentaliste)
    response = client.get(reverse("moderation:file"))
    content = response.content.decode()
    assert content.index("Ancienne") < content.index("Récente")
    assertNotContains(response, "Décidée")
    assertContains(response, "2 soumissions en attente")


@pytest.mark.usefixtures("referentiels")
def test_the_queue_filters(client, documentaliste, soumission):
    organisme = OrganismeFactory(raison_sociale="CFA du Maine")
    submitted("Cariste", days=20, responsable=organisme)
    _, action = submitted("Maçon", days=3)
    commune = Commune.objects.get(code_insee="44109")  # Nantes
    LieuFormation.objects.create(action=action, adresse_code_insee_commune=commune.code_insee)
    territoire = Territoire.objects.create(code="T1", nom="Mon territoire")
    territoire.communes.add(commune)
    client.force_login(documentaliste)

    def listed(**filters):
        response = client.get(reverse("moderation:file"), filters)
        assert response.status_code == 200
        return {s.formation.intitule for s in response.context["page_obj"]}

    assert listed(organisme=organisme.pk) == {"Cariste"}
    assert listed(anciennete=10) == {"Cariste"}
    assert listed(categorie="prix") == {"Soudeur"}
    assert listed(kind="modification") == {"Soudeur"}
    assert listed(kind="creation") == {"Cariste", "Maçon"}
    assert listed(territoire=territoire.pk) == {"Maçon"}


def test_the_submission_page_shows_the_changes_side_by_side(client, documentaliste, soumission):
    client.force_login(documentaliste)
    response = client.get(reverse("moderation:soumission", args=[soumission.pk]))
    assertContains(response, "Version publiée")
    assertContains(response, '<th scope="row">Prix total TTC</th><td>1000,00</td><td>1500,00</td>', html=True)


def test_accepting_publishes_and_tells_the_organisation(
    client, documentaliste, soumission, published, django_capture_on_commit_callbacks
):
    client.force_login(documentaliste)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("moderation:accepter", args=[soumission.pk]))
    assertRedirects(response, reverse("moderation:file"), fetch_redirect_response=False)
    assert published.actions.get().prix_total_ttc == 1500
    assert mail.outbox[0].to == ["editeur@organisme.test"]


def test_a_return_needs_a_comment(client, documentaliste, soumission, django_capture_on_commit_callbacks):
    client.force_login(documentaliste)
    url = reverse("moderation:retourner", args=[soumission.pk])
    response = client.post(url, {"commentaire": "  "})
    assert response.status_code == 422
    assertContains(response, "Ce champ est obligatoire", status_code=422)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"commentaire": "Le prix n'est pas justifié."})
    soumission.refresh_from_db()
    assert soumission.statut == SubmissionStatus.RETOURNEE
    assert "Le prix n'est pas justifié." in mail.outbox[0].body


def test_staff_correct_and_accept(client, documentaliste, soumission, published):
    revision = soumission.formation
    action = revision.actions.get()
    client.force_login(documentaliste)
    response = client.post(
        reverse("moderation:corriger", args=[soumission.pk]),
        {
            "formation-intitule": "Soudeur TIG",
            "formation-contenu": revision.contenu,
            f"action-{action.pk}-prix_total_ttc": "1400",
        },
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.intitule == "Soudeur TIG"
    assert published.actions.get().prix_total_ttc == 1400


def test_a_deciding_twice_says_it_was_decided(client, documentaliste, soumission):
    client.force_login(documentaliste)
    client.post(reverse("moderation:accepter", args=[soumission.pk]))
    response = client.post(reverse("moderation:accepter", args=[soumission.pk]), follow=True)
    assertContains(response, "déjà été traitée")


def test_the_formation_page_shows_its_history(client, documentaliste, published):
    client.force_login(documentaliste)
    client.post(reverse("moderation:archiver", args=[published.pk]))
    response = client.get(reverse("moderation:historique", args=[published.pk]))
    assertContains(response, "Historique des modifications")
    assertContains(response, '<th scope="row">État</th><td>Publiée</td><td>Archivée</td>', html=True)
    assertContains(response, str(documentaliste))


def test_the_formation_page_links_a_pending_change_and_shows_corrections(
    client, documentaliste, soumission, published
):
    client.force_login(documentaliste)
    response = client.get(reverse("moderation:formation", args=[published.pk]))
    assertContains(response, reverse("moderation:soumission", args=[soumission.pk]))
    assertContains(response, "Aucune correction")
