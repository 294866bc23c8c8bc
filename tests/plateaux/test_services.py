"""The plateaux' writes: submission, publication, return with a message (history attributed to the
user, e-mail to the organisation's members), deletion of drafts, photos, links with actions."""

import pytest
from django.core import mail

from efop.historique.enums import Operation
from efop.historique.models import Changement
from efop.plateaux import services
from efop.plateaux.enums import PlateauStatus
from efop.plateaux.models import ActionPlateau, PhotoPlateau, PlateauTechnique
from tests.comptes.factories import AdhesionFactory, DocumentalisteFactory, MembreFactory, UserFactory
from tests.offre.factories import ActionFactory, FormationFactory

from .factories import REFERENTIELS, PlateauFactory, image_file, media_root_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]


@pytest.fixture
def membre():
    membre = MembreFactory(user=UserFactory(email="atelier@organisme.test"))
    AdhesionFactory(organisme=membre.organisme, validee=True)
    return membre.user


@pytest.fixture
def draft(membre):
    return PlateauFactory(organisme=membre.organismes().get(), status=PlateauStatus.BROUILLON)


def changes(plateau):
    return list(Changement.objects.for_object(plateau).order_by("at", "id"))


def test_submit_then_publish_records_each_step_and_tells_the_organisation(
    draft, membre, django_capture_on_commit_callbacks
):
    services.submit(draft, membre)
    assert draft.status == PlateauStatus.EN_MODERATION and draft.submitted_at
    staff = DocumentalisteFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(draft, staff)
    draft.refresh_from_db()
    assert draft.status == PlateauStatus.PUBLIE and draft.published_at
    creation, *_, submission, publication = changes(draft)  # the factory geolocates after creating
    assert creation.operation == Operation.CREATION
    assert (submission.auteur, submission.champs["status"]) == (membre, ["brouillon", "en_moderation"])
    assert (publication.auteur, publication.champs["status"]) == (staff, ["en_moderation", "publie"])
    assert publication.organisme_id == draft.organisme_id
    [email] = mail.outbox
    assert email.to == ["atelier@organisme.test"]
    assert email.subject == f"Plateau technique publié : {draft.intitule}"
    assert f"/espace/plateaux/{draft.pk}/" in email.body


def test_send_back_needs_a_message_that_reaches_the_organisation(
    draft, membre, django_capture_on_commit_callbacks
):
    services.submit(draft, membre)
    staff = DocumentalisteFactory()
    with pytest.raises(services.PlateauError, match="ce qu'il doit corriger"):
        services.send_back(draft, staff, "  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_back(draft, staff, "Ajoutez la surface et des photos.")
    draft.refresh_from_db()
    assert (draft.status, draft.message_moderation) == (
        PlateauStatus.RETOURNE,
        "Ajoutez la surface et des photos.",
    )
    assert "Ajoutez la surface et des photos." in mail.outbox[0].body
    assert changes(draft)[-1].champs["status"] == ["en_moderation", "retourne"]
    with pytest.raises(services.PlateauError, match="pas en attente de modération"):
        services.publish(draft, staff)
    services.submit(draft, membre)  # a returned plateau is corrected and submitted again
    assert draft.status == PlateauStatus.EN_MODERATION


def test_submission_is_refused_with_what_is_missing_and_changes_nothing(draft, membre):
    PlateauTechnique.objects.filter(pk=draft.pk).update(description="", formacodes=[])
    draft.refresh_from_db()
    with pytest.raises(services.PlateauError, match="indiquez une description, au moins un domaine"):
        services.submit(draft, membre)
    draft.refresh_from_db()
    assert draft.status == PlateauStatus.BROUILLON


def test_an_organisation_whose_adhesion_waits_cannot_submit():
    membre = MembreFactory()
    AdhesionFactory(organisme=membre.organisme)
    plateau = PlateauFactory(organisme=membre.organisme, status=PlateauStatus.BROUILLON)
    with pytest.raises(services.PlateauError, match="adhésion"):
        services.submit(plateau, membre.user)


def test_an_organisation_changing_a_published_plateau_sends_it_back_to_moderation(membre):
    plateau = PlateauFactory(organisme=membre.organismes().get())
    plateau.capacite = 20
    services.save(plateau, membre)
    plateau.refresh_from_db()
    assert plateau.status == PlateauStatus.EN_MODERATION
    assert changes(plateau)[-1].champs["capacite"] == [12, 20]
    staff_edit = PlateauFactory()
    staff_edit.capacite = 5
    services.save(staff_edit, DocumentalisteFactory())
    staff_edit.refresh_from_db()
    assert staff_edit.status == PlateauStatus.PUBLIE


def test_only_never_published_drafts_are_deleted_with_their_photo_files(
    draft, membre, media_root, django_capture_on_commit_callbacks
):
    photo = services.add_photo(draft, membre, image_file(), "Le four à sole")
    path, pk = media_root / photo.image.name, draft.pk
    assert path.is_file() and path.suffix == ".png"
    with django_capture_on_commit_callbacks(execute=True):
        services.delete(draft, membre)
    assert not PlateauTechnique.objects.filter(pk=pk).exists()
    assert not path.exists()
    deleted = Changement.objects.filter(operation=Operation.SUPPRESSION, auteur=membre)
    assert {c.content_type.model for c in deleted} == {"plateautechnique", "photoplateau"}
    assert deleted.get(content_type__model="plateautechnique").object_id == pk
    published = PlateauFactory(organisme=draft.organisme)
    with pytest.raises(services.PlateauError, match="jamais publié"):
        services.delete(published, membre)
    assert PlateauTechnique.objects.filter(pk=published.pk).exists()


def test_photos_are_numbered_limited_and_recorded(draft, membre, media_root, monkeypatch):
    first = services.add_photo(draft, membre, image_file("a.jpg", "JPEG"), "Vue générale")
    second = services.add_photo(draft, membre, image_file("b.webp", "WEBP"), "Poste de travail")
    assert (first.position, second.position) == (1, 2)
    assert first.image.name.startswith(f"plateaux/{draft.pk}/") and first.image.name.endswith(".jpg")
    assert Changement.objects.for_object(first).get().auteur == membre
    monkeypatch.setattr(services, "PHOTO_MAX_COUNT", 2)
    with pytest.raises(services.PlateauError, match="au plus 2 photos"):
        services.add_photo(draft, membre, image_file(), "Une de trop")
    services.delete_photo(first, membre)
    assert list(PhotoPlateau.objects.filter(plateau=draft)) == [second]


def test_an_action_names_only_published_plateaux_of_its_responsable(membre):
    organisme = membre.organismes().get()
    atelier, cuisine = PlateauFactory(organisme=organisme), PlateauFactory(organisme=organisme)
    brouillon = PlateauFactory(organisme=organisme, status=PlateauStatus.BROUILLON)
    autre = PlateauFactory()
    action = ActionFactory(formation=FormationFactory(responsable=organisme))
    assert services.link(action, membre, [atelier, cuisine]) == (2, 0)
    assert services.link(action, membre, [cuisine]) == (0, 1)
    assert set(ActionPlateau.objects.filter(action=action).values_list("plateau", flat=True)) == {cuisine.pk}
    for refused in (brouillon, autre):
        with pytest.raises(services.PlateauError, match="plateaux publiés de son organisme responsable"):
            services.link(action, membre, [cuisine, refused])
    assert set(ActionPlateau.objects.filter(action=action).values_list("plateau", flat=True)) == {cuisine.pk}
    link = ActionPlateau.objects.get(action=action)
    assert Changement.objects.for_object(link).get().formation_id == action.formation_id
