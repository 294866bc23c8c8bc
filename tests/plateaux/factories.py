"""Factories and fixtures of the plateaux techniques' tests (imported by the test modules that need
them: tests/plateaux, tests/web, tests/api)."""

import io

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from efop.offre.saisie import espace_source
from efop.plateaux.enums import PlateauStatus, TypePlateau
from efop.plateaux.models import PlateauTechnique
from tests.comptes.factories import ValidOrganismeFactory

# Real codes of the référentiels (Formacode 2024, communes): loaded by REFERENTIELS below.
REFERENTIELS = ["communes", "formacode"]
BOULANGERIE, CUISINE, SECOND_OEUVRE = "21538", "42752", "22454"
NANTES, ANGERS, LAVAL = "44109", "49007", "53130"


class PlateauFactory(factory.django.DjangoModelFactory):
    """A published plateau in Nantes (coordinates filled as the model's geolocation does)."""

    class Meta:
        model = PlateauTechnique
        skip_postgeneration_save = True

    organisme = factory.SubFactory(ValidOrganismeFactory)
    source = factory.LazyFunction(espace_source)
    intitule = factory.Sequence(lambda n: f"Atelier {n}")
    type = TypePlateau.ATELIER
    description = "Un atelier équipé."
    formacodes = factory.LazyFunction(lambda: [BOULANGERIE])
    capacite = 12
    status = PlateauStatus.PUBLIE
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == PlateauStatus.PUBLIE else None
    )
    adresse_code_insee_commune = NANTES

    @factory.post_generation
    def located(plateau, create, extracted, **kwargs):
        if create:
            plateau.geolocate()
            plateau.save()


def image_file(name: str = "atelier.png", kind: str = "PNG", size=(40, 30)) -> SimpleUploadedFile:
    """A real image of `kind`, as an upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


@pytest.fixture(name="media_root")
def media_root_fixture(settings, tmp_path):
    """Uploaded photos go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
