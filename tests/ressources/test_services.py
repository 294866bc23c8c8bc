"""Publishing checks an event's fields; archiving hides; changes are in the history; attachments
are checked on type, content and size; the thesaurus refuses cycles; the queryset helpers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from efop.historique.enums import Operation
from efop.historique.models import Changement
from efop.ressources import pieces, services
from efop.ressources.enums import RessourceStatus, TypeEvenement, TypeRessource
from efop.ressources.models import Ressource, Theme
from efop.web.ressources.forms import RessourceForm

from .factories import EvenementFactory, RessourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_an_event_without_date_nor_place_is_not_published():
    draft = Ressource.objects.create(titre="Forum", type=TypeRessource.EVENEMENT, resume="Un forum.")
    with pytest.raises(ValidationError) as error:
        services.publier(draft)
    assert set(error.value.message_dict) == {"debut", "type_evenement", "lieu"}
    draft.refresh_from_db()
    assert draft.status == RessourceStatus.BROUILLON
    draft.debut = timezone.now() + timedelta(days=3)
    draft.type_evenement, draft.lien_en_ligne = TypeEvenement.WEBINAIRE, "https://visio.example.org/x"
    services.publier(draft)
    assert draft.status == RessourceStatus.PUBLIE and draft.published_at


def test_bad_links_and_reversed_dates_are_explained():
    event = EvenementFactory.build(liens="ftp://x.example.org/doc\nhttps://ok.example.org Le site")
    event.fin = event.debut - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "Ligne 1" in str(error.value.message_dict["liens"])
    assert "précéder" in str(error.value.message_dict["fin"])


def test_links_are_read_as_address_and_label():
    ressource = RessourceFactory.build(
        liens="https://a.example.org/guide.pdf Le guide\nhttps://b.example.org"
    )
    assert ressource.liste_liens == [
        ("https://a.example.org/guide.pdf", "Le guide"),
        ("https://b.example.org", "https://b.example.org"),
    ]


def test_publishing_and_archiving_are_in_the_history():
    ressource = RessourceFactory(status=RessourceStatus.BROUILLON, published_at=None)
    services.publier(ressource)
    services.archiver(ressource)
    changes = list(Changement.objects.for_object(ressource).order_by("at", "pk"))
    assert [c.operation for c in changes] == [
        Operation.CREATION,
        Operation.MODIFICATION,
        Operation.MODIFICATION,
    ]
    assert changes[-1].champs["status"] == [RessourceStatus.PUBLIE, RessourceStatus.ARCHIVE]
    assert not Ressource.objects.publiees().filter(pk=ressource.pk).exists()


def test_slugs_are_unique():
    first = RessourceFactory(titre="Forum de l'emploi")
    second = RessourceFactory(titre="Forum de l'emploi")
    assert (first.slug, second.slug) == ("forum-de-lemploi", "forum-de-lemploi-2")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ...", "type de fichier refusé"),
        ("rapport.pdf", b"<html>pas un pdf</html>", "n'est pas un vrai fichier PDF"),
        ("gros.pdf", b"%PDF-1.7" + b"0" * (pieces.MAX_SIZE + 1), "10 Mo au plus"),
    ],
)
def test_attachments_are_checked(name, content, message):
    with pytest.raises(ValidationError, match=message):
        pieces.validate_piece(SimpleUploadedFile(name, content))


def test_a_real_pdf_is_accepted():
    pieces.validate_piece(SimpleUploadedFile("etude.pdf", b"%PDF-1.7\n%..."))
    assert pieces.content_type("etude.PDF") == "application/pdf"


def test_the_thesaurus_refuses_a_cycle_and_finds_narrower_themes():
    emploi = ThemeFactory(nom="Emploi")
    recrutement = ThemeFactory(nom="Recrutement", parent=emploi)
    tension = ThemeFactory(nom="Métiers en tension", parent=recrutement)
    assert set(Theme.objects.with_descendants(emploi)) == {emploi, recrutement, tension}
    assert str(recrutement) == "Emploi › Recrutement"
    emploi.parent = tension
    with pytest.raises(ValidationError, match="sous lui-même"):
        emploi.clean()
    article = RessourceFactory(themes=[tension])
    RessourceFactory(themes=[ThemeFactory(nom="Handicap")])
    assert list(Ressource.objects.du_theme(emploi)) == [article]


def test_upcoming_events():
    past = EvenementFactory(debut=timezone.now() - timedelta(days=2), fin=timezone.now() - timedelta(days=2))
    running = EvenementFactory(
        debut=timezone.now() - timedelta(hours=1), fin=timezone.now() + timedelta(hours=1)
    )
    coming = EvenementFactory()
    assert set(Ressource.objects.a_venir()) == {running, coming}
    assert past not in Ressource.objects.a_venir()


def test_the_links_of_a_resource_saved_through_its_form_are_in_the_history():
    premier, second = ThemeFactory(nom="Apprentissage"), ThemeFactory(nom="Orientation")
    data = {"titre": "Le point sur l'apprentissage", "type": TypeRessource.ACTUALITE, "date": "2026-11-02"}
    data["resume"] = "Les chiffres de l'apprentissage dans la région."
    data |= {"public": RessourceForm.base_fields["public"].initial or "tous", "themes": [premier.pk]}
    form = RessourceForm(data)
    assert form.is_valid(), form.errors
    ressource = services.enregistrer(form)
    form = RessourceForm(data | {"themes": [premier.pk, second.pk]}, instance=ressource)
    assert form.is_valid(), form.errors
    services.enregistrer(form)
    liens = [c.champs["themes"] for c in Changement.objects.for_object(ressource) if "themes" in c.champs]
    assert sorted(liens) == [[[], [premier.slug]], [[premier.slug], [premier.slug, second.slug]]]
