"""The dashboard: an organisation's offer by status, what needs attention, its public pages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from efop.moderation import workflow
from efop.moderation.enums import SubmissionKind, SubmissionStatus
from efop.moderation.models import Soumission
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation
from efop.web.espace.offre import dashboard
from efop.web.public.links import formation_url
from tests.comptes.factories import MembreFactory
from tests.offre.factories import ActionFactory, FormationFactory, SessionFactory

pytestmark = pytest.mark.django_db
URL = reverse("espace:tableau-de-bord")


def complete(organisme, **fields):
    """A formation that passes the controls, with a session not over."""
    formation = FormationFactory(responsable=organisme, objectif="Savoir", contenu="Modules", **fields)
    SessionFactory(action=ActionFactory(formation=formation), fin=timezone.localdate() + timedelta(days=30))
    return formation


def reasons(board) -> dict[str, str]:
    return {item.formation.intitule: item.reason for item in board.attention}


def test_counts_by_status_and_public_links(admin_organisme, editeur_client, organisme, autre_organisme):
    published = complete(organisme, intitule="Soudeur")
    complete(organisme, intitule="Cariste", status=FormationStatus.BROUILLON)
    complete(autre_organisme, intitule="Pas à moi")
    page = editeur_client.get(URL).content.decode()
    assert "Publiée : 1" in page and "Brouillon : 1" in page
    assert formation_url(published) in page
    assert "Pas à moi" not in page
    assert "Rien à signaler" in page


def test_attention_list(organisme, admin_organisme):
    today = timezone.localdate()
    over = complete(organisme, intitule="Sessions passées")
    over.actions.get().sessions.update(fin=today - timedelta(days=1))
    stale = complete(organisme, intitule="Ancienne")
    long_ago = timezone.now() - timedelta(days=200)
    Formation.objects.filter(pk=stale.pk).update(updated_at=long_ago)
    stale.actions.get().sessions.update(updated_at=long_ago)
    recent_session = complete(organisme, intitule="Sessions récentes")  # its sessions changed lately
    Formation.objects.filter(pk=recent_session.pk).update(updated_at=long_ago)
    FormationFactory(responsable=organisme, intitule="Vide", status=FormationStatus.BROUILLON)
    returned = complete(organisme, intitule="Renvoyée", status=FormationStatus.RETOURNEE)
    Soumission.objects.create(
        formation=returned,
        organisme=organisme,
        kind=SubmissionKind.CREATION,
        statut=SubmissionStatus.RETOURNEE,
        commentaire="Précisez le contenu.",
        decided_at=timezone.now(),
    )
    complete(organisme, intitule="Parfaite")

    board = dashboard.board(str(organisme), admin_organisme, [organisme])
    assert reasons(board) == {
        "Sessions passées": "Toutes les sessions sont passées",
        "Ancienne": "Non mise à jour depuis 6 mois",
        "Vide": "Contrôles non satisfaits",
        "Renvoyée": "Renvoyée par le Carif-Oref",
    }
    details = {item.formation.intitule: item.detail for item in board.attention}
    assert details["Renvoyée"] == "Précisez le contenu."
    assert details["Vide"] == "objectif manquant; contenu manquant; aucune action"
    assert f"{today - timedelta(days=1):%d/%m/%Y}" in details["Sessions passées"]


def test_a_returned_change_to_a_published_formation_is_listed(organisme, admin_organisme, editeur):
    published = complete(organisme, intitule="En ligne")
    workflow.propose_update(editeur, published, {"intitule": "En ligne, revue"})
    revision = published.revisions.get()
    workflow.send_back(revision.soumissions.get(), editeur, "Titre trop long.")
    items = dashboard.board("x", admin_organisme, [organisme]).attention
    assert [(i.formation.pk, i.reason, i.detail) for i in items] == [
        (revision.pk, "Renvoyée par le Carif-Oref (modification)", "Titre trop long.")
    ]


def test_a_member_of_two_organisations_sees_two_boards(login, editeur, organisme, autre_organisme):
    MembreFactory(user=editeur, organisme=autre_organisme)
    page = login(editeur).get(URL).content.decode()
    assert str(organisme) in page and str(autre_organisme) in page


def test_staff_see_all_organisations_or_choose_one(
    documentaliste_client, organisme, autre_organisme, editeur
):
    complete(organisme, intitule="Soudeur")
    complete(autre_organisme, intitule="Cariste", status=FormationStatus.BROUILLON)
    page = documentaliste_client.get(URL).content.decode()
    assert "Toutes les organisations" in page and "Publiée : 1" in page and "Brouillon : 1" in page
    page = documentaliste_client.get(URL, {"organisme": organisme.pk}).content.decode()
    assert "Publiée : 1" in page and "Brouillon" not in page
    assert documentaliste_client.get(URL, {"organisme": 999999}).status_code == 404


def test_a_user_without_organisation_is_told_what_to_do(login, sans_organisme):
    assert "membre actif d'aucun organisme" in login(sans_organisme).get(URL).content.decode()


def test_sessions_with_unknown_end_are_not_over(organisme):
    formation = complete(organisme, intitule="Permanente")
    SessionFactory(action=formation.actions.get(), fin=None)
    formation.actions.get().sessions.filter(fin__isnull=False).update(fin=date(2020, 1, 1))
    assert dashboard.sessions_over(Formation.objects.all()) == []
