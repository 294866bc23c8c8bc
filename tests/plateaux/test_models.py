"""The plateau model: Formacode codes checked against the real référentiel, the address geolocated
from the real communes, photos checked by Pillow, and the search's query methods."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from efop.offre.saisie import espace_source
from efop.organismes.models import Etablissement
from efop.plateaux.enums import PlateauStatus, TypePlateau
from efop.plateaux.models import ActionPlateau, PlateauTechnique, check_formacodes
from efop.plateaux.photos import PHOTO_MAX_BYTES, validate_photo
from efop.referentiels.models import Commune, Territoire
from tests.comptes.factories import ValidOrganismeFactory, make_siret
from tests.offre.factories import ActionFactory, FormationFactory

from .factories import (
    ANGERS,
    BOULANGERIE,
    CUISINE,
    NANTES,
    REFERENTIELS,  # noqa: F401 (read by the `referentiels` fixture)
    PlateauFactory,
    image_file,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]


def test_formacodes_are_checked_against_the_referentiel():
    assert check_formacodes([f" {BOULANGERIE}", CUISINE, BOULANGERIE, ""]) == [BOULANGERIE, CUISINE]
    with pytest.raises(ValidationError, match="99999") as error:
        check_formacodes([BOULANGERIE, "99999"])
    assert "Choisissez des domaines" in error.value.messages[0]


def test_a_public_code_is_not_a_domain():
    with pytest.raises(ValidationError, match="80006"):
        check_formacodes(["80006"])  # « Demandeur d'emploi »: a public visé code of Formacode V14


def test_the_address_is_geolocated_from_the_communes_referentiel():
    plateau = PlateauTechnique(
        organisme=ValidOrganismeFactory(),
        source=espace_source(),
        intitule="Cuisine pédagogique",
        type=TypePlateau.CUISINE,
        formacodes=[CUISINE],
        adresse_code_insee_commune=ANGERS,
    )
    plateau.full_clean()
    angers = Commune.objects.get(code_insee=ANGERS)
    assert (plateau.adresse_ville, plateau.adresse_departement, plateau.adresse_region) == (
        "Angers",
        "49",
        "52",
    )
    assert plateau.adresse_codepostal in angers.codes_postaux_list
    assert float(plateau.adresse_latitude) == pytest.approx(angers.coordonnees[0])
    assert float(plateau.adresse_longitude) == pytest.approx(angers.coordonnees[1])


def test_an_unknown_commune_or_a_foreign_etablissement_is_refused_and_named():
    plateau = PlateauFactory.build(
        organisme=ValidOrganismeFactory(), adresse_code_insee_commune="99999", formacodes=["12"]
    )
    plateau.etablissement = Etablissement.objects.create(
        organisme=ValidOrganismeFactory(), siret=make_siret(1)
    )
    with pytest.raises(ValidationError) as error:
        plateau.full_clean()
    assert set(error.value.message_dict) == {"formacodes", "etablissement", "adresse_code_insee_commune"}
    assert "« 99999 »" in error.value.message_dict["adresse_code_insee_commune"][0]


def test_the_etablissement_gives_its_address_when_no_commune_is_typed():
    plateau = PlateauFactory.build(organisme=ValidOrganismeFactory(), adresse_code_insee_commune="")
    plateau.etablissement = Etablissement.objects.create(
        organisme=plateau.organisme,
        siret=make_siret(2),
        adresse_lignes=["3 rue de la Forge"],
        adresse_code_insee_commune=NANTES,
        adresse_codepostal="44000",
    )
    plateau.full_clean()
    assert (plateau.adresse_lignes, plateau.adresse_ville, plateau.adresse_departement) == (
        ["3 rue de la Forge"],
        "Nantes",
        "44",
    )
    assert plateau.adresse_latitude is not None


def test_photos_must_be_jpeg_png_or_webp_images_of_at_most_5_mo():
    for kind in ("PNG", "JPEG", "WEBP"):
        validate_photo(image_file(f"photo.{kind.lower()}", kind))
    with pytest.raises(ValidationError, match="n'est pas une image JPEG, PNG ou WebP"):
        validate_photo(image_file("anim.gif", "GIF"))
    fake = SimpleUploadedFile(
        "faux.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/png"
    )
    with pytest.raises(ValidationError, match="« faux.png » n'est pas une image"):
        validate_photo(fake)
    big = image_file("grande.png")
    big.size = PHOTO_MAX_BYTES + 1
    with pytest.raises(ValidationError, match="réduisez-la à 5 Mo"):
        validate_photo(big)


def test_query_methods_of_the_search():
    nantes = PlateauFactory(formacodes=[BOULANGERIE, CUISINE])
    angers = PlateauFactory(adresse_code_insee_commune=ANGERS, formacodes=[CUISINE])
    PlateauFactory(status=PlateauStatus.EN_MODERATION)
    assert set(PlateauTechnique.objects.published().with_formacode(BOULANGERIE)) == {nantes}
    assert set(PlateauTechnique.objects.published().with_formacode("427")) == {nantes, angers}
    assert set(PlateauTechnique.objects.published().in_departement("49")) == {angers}
    territoire = Territoire.objects.create(code="T-ANGERS", nom="Angers et alentours")
    territoire.communes.set(Commune.objects.filter(code_insee=ANGERS))
    assert set(PlateauTechnique.objects.in_territoire(territoire)) == {angers}
    action = ActionFactory(formation=FormationFactory(responsable=nantes.organisme))
    ActionPlateau.objects.create(action=action, plateau=nantes)
    assert set(PlateauTechnique.objects.used_by(action.formation)) == {nantes}
