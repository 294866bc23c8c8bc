"""Organisations are told of each decision by e-mail, once it is committed."""

import pytest
from django.core import mail

from efop.comptes.enums import MembershipStatus
from efop.moderation import workflow
from efop.offre.enums import FormationStatus
from tests.comptes.factories import MembreFactory
from tests.offre.factories import ActionFactory, FormationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def soumission(editeur, published):
    draft = FormationFactory(
        status=FormationStatus.BROUILLON, intitule="Cariste", responsable=published.responsable
    )
    ActionFactory(formation=draft)
    return workflow.submit(draft, editeur)


def test_acceptance_is_mailed_to_the_active_members(
    soumission, documentaliste, django_capture_on_commit_callbacks
):
    MembreFactory(organisme=soumission.organisme, statut=MembershipStatus.DEMANDE)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(soumission, documentaliste)
    (email,) = mail.outbox
    assert email.to == ["editeur@organisme.test"]
    assert email.subject == "Formation publiée : Cariste"
    assert "est maintenant publiée" in email.body
    assert f"/espace/formations/{soumission.formation_id}/" in email.body


def test_a_return_is_mailed_with_the_comment(soumission, documentaliste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(soumission, documentaliste, "Précisez les prérequis.")
    (email,) = mail.outbox
    assert email.subject == "Formation à corriger : Cariste"
    assert "Précisez les prérequis." in email.body


def test_a_returned_modification_says_the_published_version_stays_online(
    editeur, documentaliste, published, django_capture_on_commit_callbacks
):
    workflow.propose_update(editeur, published, {"intitule": "Soudeur TIG"})
    soumission = published.revisions.get().soumissions.get()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(soumission, documentaliste, "Titre trop vague.")
    assert "La version actuelle reste en ligne" in mail.outbox[0].body


def test_a_submission_is_decided_and_mailed_once(
    soumission, documentaliste, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(soumission, documentaliste)
        with pytest.raises(workflow.WorkflowError, match="déjà été traitée"):
            workflow.send_back(soumission, documentaliste, "Trop tard.")
    assert len(mail.outbox) == 1


def test_an_organisation_without_members_gets_nothing(documentaliste, django_capture_on_commit_callbacks):
    draft = FormationFactory(status=FormationStatus.BROUILLON)
    ActionFactory(formation=draft)
    soumission = workflow.submit(draft, documentaliste)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(soumission, documentaliste)
    assert mail.outbox == []
