import pytest
from django.urls import reverse

from efop.flux.models import Source
from efop.organismes.models import Organisme, OrganismeData

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.create(code="greta", nom="GRETA")


@pytest.mark.parametrize(
    ("data", "cle"),
    [
        (
            OrganismeData({"siret": "12345678901234", "raison_sociale": "A"}, producer_id="OF_1"),
            "siret:12345678901234",
        ),
        (OrganismeData({"siret": "", "raison_sociale": "A"}, producer_id="OF_1"), "greta:numero:OF_1"),
        (
            OrganismeData({"siret": "", "numero_activite": "52440000001", "raison_sociale": "A"}),
            "greta:nda:52440000001",
        ),
        (OrganismeData({"siret": "", "raison_sociale": "  Lycée  Émile "}), "greta:nom:lycee emile"),
        (OrganismeData({"siret": "", "raison_sociale": ""}), "greta:inconnu"),
    ],
)
def test_identity_rule(source, data, cle):
    assert data.identity(source)[0] == cle


def test_upsert_creates_once_and_completes_without_erasing(source, django_assert_max_num_queries):
    first = OrganismeData({"siret": "12345678901234", "raison_sociale": "GRETA 44", "nom_organisme": ""})
    formateur = OrganismeData({"siret": "12345678901234", "raison_sociale": "Autre nom"}, authoritative=False)
    with django_assert_max_num_queries(
        4
    ):  # read, keys of merged organisations (efop.doublons), allocate ids, insert
        Organisme.objects.upsert(source, [first, formateur])
    assert first.organisme is formateur.organisme
    organisme = Organisme.objects.get()
    assert (organisme.raison_sociale, organisme.identification, organisme.source) == (
        "GRETA 44",
        "siret",
        source,
    )
    later = OrganismeData(
        {"siret": "12345678901234", "raison_sociale": "", "nom_organisme": "GRETA"},
        coordonnees={"adresse_ville": "Nantes"},
    )
    Organisme.objects.upsert(Source.objects.create(code="edof", nom="EDOF"), [later])
    organisme.refresh_from_db()
    assert (organisme.raison_sociale, organisme.nom_organisme, organisme.adresse_ville) == (
        "GRETA 44",
        "GRETA",
        "Nantes",
    )
    assert organisme.source == source


def test_admin_lists_and_searches_organisations(admin_client, source):
    Organisme.objects.upsert(
        source, [OrganismeData({"siret": "12345678901234", "raison_sociale": "GRETA 44"})]
    )
    url = reverse("admin:organismes_organisme_changelist")
    response = admin_client.get(url, {"q": "12345678901234"})
    assert response.status_code == 200 and "GRETA 44" in response.content.decode()
