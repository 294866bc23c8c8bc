"""The moderation workflow: drafts, submissions, minor and substantive changes to published
formations (revisions), decisions."""

import pytest

from efop.historique.models import Changement
from efop.moderation import workflow
from efop.moderation.enums import ChangeCategory, SubmissionKind, SubmissionStatus
from efop.moderation.revisions import counterpart
from efop.offre.enums import ContactRole, FormationStatus
from efop.offre.models import ActionFormateur, Contact, Formation, Session
from tests.offre.factories import ActionFactory, FormationFactory

pytestmark = pytest.mark.django_db


def test_draft_is_submitted_then_returned_then_published(editeur, documentaliste):
    draft = FormationFactory(status=FormationStatus.BROUILLON)
    ActionFactory(formation=draft)
    soumission = workflow.submit(draft, editeur)
    assert (soumission.kind, draft.status) == (SubmissionKind.CREATION, FormationStatus.EN_MODERATION)

    workflow.send_back(soumission, documentaliste, "Précisez le contenu.")
    draft.refresh_from_db()
    assert draft.status == FormationStatus.RETOURNEE
    assert soumission.statut == SubmissionStatus.RETOURNEE

    again = workflow.submit(draft, editeur)
    workflow.accept(again, documentaliste)
    draft.refresh_from_db()
    assert draft.status == FormationStatus.PUBLIEE


def test_a_draft_without_action_cannot_be_submitted(editeur):
    with pytest.raises(workflow.WorkflowError, match="au moins une action"):
        workflow.submit(FormationFactory(status=FormationStatus.BROUILLON), editeur)


def test_minor_change_to_a_published_formation_publishes_at_once(editeur, published):
    session = Session.objects.get(action__formation=published)
    outcome = workflow.propose_update(editeur, session, {"etat_recrutement": "0"})
    assert not outcome.moderated
    session.refresh_from_db()
    assert session.etat_recrutement == "0"
    assert not published.revisions.exists()


def test_typo_in_a_long_text_is_minor(editeur, published):
    outcome = workflow.propose_update(editeur, published, {"contenu": "x" * 299 + "y"})
    assert not outcome.moderated


def test_substantive_change_waits_while_the_published_version_stays_online(
    editeur, documentaliste, published
):
    action = published.actions.get()
    outcome = workflow.propose_update(editeur, action, {"prix_total_ttc": 1500})
    assert outcome.moderated
    action.refresh_from_db()
    assert action.prix_total_ttc == 1000  # still online as it was
    revision = published.revisions.get()
    assert revision.status == FormationStatus.EN_MODERATION
    soumission = revision.soumissions.get()
    assert (soumission.kind, soumission.categories) == (SubmissionKind.MODIFICATION, [ChangeCategory.PRIX])

    # a second change goes to the same revision and submission
    workflow.propose_update(editeur, published, {"intitule": "Soudeur TIG"})
    assert published.revisions.count() == 1
    soumission.refresh_from_db()
    assert set(soumission.categories) == {ChangeCategory.PRIX, ChangeCategory.INTITULE}

    session_ids = set(Session.objects.filter(action__formation=published).values_list("id", flat=True))
    workflow.accept(soumission, documentaliste)
    published.refresh_from_db()
    action.refresh_from_db()
    assert (published.intitule, action.prix_total_ttc) == ("Soudeur TIG", 1500)
    assert published.status == FormationStatus.PUBLIEE
    assert not Formation.objects.filter(pk=revision.pk).exists()
    # same ids: public URLs and partners' keys stay stable
    assert (
        set(Session.objects.filter(action__formation=published).values_list("id", flat=True)) == session_ids
    )
    assert published.actions.get().financeurs.get().code_financeur == "2"
    assert published.contacts.get().nom == "Dupont"
    soumission.refresh_from_db()
    assert soumission.formation == published
    changed = Changement.objects.for_object(action).filter(operation="modification").last()
    assert changed.champs["prix_total_ttc"] == ["1000.00", "1500.00"]


def test_adding_a_session_to_a_published_formation_is_moderated(editeur, documentaliste, published):
    action = published.actions.get()
    outcome = workflow.propose_create(editeur, Session(action=action, cle="nouvelle"), "action")
    assert outcome.moderated
    assert action.sessions.count() == 1
    workflow.accept(published.revisions.get().soumissions.get(), documentaliste)
    assert set(action.sessions.values_list("cle", flat=True)) >= {"nouvelle"}
    assert action.sessions.count() == 2


def test_removing_a_session_is_moderated_then_applied(editeur, documentaliste, published):
    session = Session.objects.get(action__formation=published)
    workflow.propose_delete(editeur, session)
    assert Session.objects.filter(pk=session.pk).exists()
    workflow.accept(published.revisions.get().soumissions.get(), documentaliste)
    assert not Session.objects.filter(pk=session.pk).exists()


def test_staff_changes_apply_directly(documentaliste, published):
    outcome = workflow.propose_update(documentaliste, published, {"intitule": "Corrigé"})
    assert not outcome.moderated
    published.refresh_from_db()
    assert published.intitule == "Corrigé"


def test_every_change_is_recorded_with_its_author(editeur, published):
    from efop.historique.context import acting

    with acting(user=editeur):
        workflow.propose_update(
            editeur, Session.objects.get(action__formation=published), {"etat_recrutement": "0"}
        )
    change = Changement.objects.filter(formation_id=published.pk, operation="modification").get()
    assert change.auteur == editeur
    assert change.champs == {"etat_recrutement": ["1", "0"]}


def test_staff_correct_a_revision_then_accept_it(editeur, documentaliste, published):
    workflow.propose_update(editeur, published, {"intitule": "soudeur tig !!"})
    revision = published.revisions.get()
    soumission = revision.soumissions.get()
    revised_action = revision.actions.get()
    workflow.correct_and_accept(
        soumission,
        documentaliste,
        [(revision, {"intitule": "Soudeur TIG"}), (revised_action, {"prix_total_ttc": 1200})],
    )
    published.refresh_from_db()
    assert published.intitule == "Soudeur TIG"
    assert published.actions.get().prix_total_ttc == 1200
    soumission.refresh_from_db()
    assert (soumission.statut, soumission.decided_by) == (SubmissionStatus.ACCEPTEE, documentaliste)


def test_a_published_formation_is_withdrawn_then_archived(published):
    workflow.withdraw(published)
    published.refresh_from_db()
    assert published.status == FormationStatus.RETIREE
    assert published.withdrawn_at is not None
    with pytest.raises(workflow.WorkflowError, match="ne peut pas être retirée"):
        workflow.withdraw(published)
    workflow.archive(published)
    assert Formation.objects.get(pk=published.pk).status == FormationStatus.ARCHIVEE


def test_a_draft_cannot_be_archived():
    with pytest.raises(workflow.WorkflowError, match="ne peut pas être archivée"):
        workflow.archive(FormationFactory(status=FormationStatus.BROUILLON))


@pytest.fixture
def attached_contacts(published):
    """A contact of the session, and of an organisme formateur in each of two actions (the same
    positions in both: only their action tells them apart)."""
    session = Session.objects.get(action__formation=published)
    second = ActionFactory(formation=published, position=1)
    contacts = {
        "session": Contact.objects.create(
            formation=published, session=session, role=ContactRole.SESSION, nom="Accueil session"
        )
    }
    for action in (session.action, second):
        formateur = ActionFormateur.objects.create(action=action, organisme=published.responsable)
        contacts[action.pk] = Contact.objects.create(
            formation=published, formateur=formateur, role=ContactRole.FORMATEUR, nom=f"Formateur {action.pk}"
        )
    return contacts


def test_contacts_of_a_session_or_a_formateur_are_minor(editeur, published, attached_contacts):
    session_contact = attached_contacts["session"]
    assert not workflow.propose_update(editeur, session_contact, {"nom": "Martin"}).moderated
    outcome = workflow.propose_create(
        editeur,
        Contact(formation=published, session=session_contact.session, role=ContactRole.SESSION, position=1),
        "session",
    )
    assert not outcome.moderated
    assert not workflow.propose_delete(editeur, session_contact).moderated
    assert list(Contact.objects.filter(session__action__formation=published)) == [outcome.instance]
    assert not published.revisions.exists()


def test_a_revision_finds_the_counterpart_of_session_and_formateur_contacts(
    editeur, documentaliste, published, attached_contacts
):
    workflow.propose_update(editeur, published, {"intitule": "Soudeur TIG"})
    revision = published.revisions.get()
    for contact in attached_contacts.values():
        copy = counterpart(contact, revision)
        assert (copy.formation, copy.nom, copy.role) == (revision, contact.nom, contact.role)
        if contact.formateur_id:
            assert copy.formateur.action.version_de == contact.formateur.action
        else:
            assert copy.session.version_de == contact.session

    # while the revision waits, contact changes go to it, then are published with it
    session_contact = attached_contacts["session"]
    outcome = workflow.propose_update(editeur, session_contact, {"nom": "Martin"})
    assert outcome.instance == counterpart(session_contact, revision)
    formateur_contact = next(c for c in attached_contacts.values() if c.formateur_id)
    workflow.propose_update(editeur, formateur_contact, {"courriel": "formateur@example.fr"})
    session_contact.refresh_from_db()
    assert session_contact.nom == "Accueil session"

    workflow.accept(revision.soumissions.get(), documentaliste)
    published_contact = Contact.objects.get(session=session_contact.session)  # contacts are replaced
    assert (published_contact.nom, published_contact.formation) == ("Martin", published)
    moved = Contact.objects.get(formateur__action=formateur_contact.formateur.action)
    assert (moved.courriel, moved.formation) == ("formateur@example.fr", published)
