"""Organisations' uploads: kept, previewed per formation, imported into their own source; a file
naming another organisation is refused whole."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from efop.comptes.enums import AdhesionStatus
from efop.comptes.models import Adhesion, User
from efop.flux import depot
from efop.flux.tableur import TableurError, template_csv
from efop.offre.models import Formation
from tests.offre.factories import OrganismeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisme():
    organisme = OrganismeFactory(
        siret="12345678900017", cle="siret:12345678900017", numero_activite="52440000044"
    )
    Adhesion.objects.create(organisme=organisme, statut=AdhesionStatus.VALIDEE)
    return organisme


@pytest.fixture
def user():
    return User.objects.create_user("of@exemple.fr", "motdepasse-long")


def upload(content: str, name="offre.csv"):
    return SimpleUploadedFile(name, content.encode("utf-8"))


def test_a_csv_is_previewed_then_imported_for_the_organisation(referentiels, organisme, user):
    path = depot.store_upload(upload(template_csv()), organisme)
    preview = depot.preview(path, organisme, full=True)
    assert (preview.creees, preview.modifiees, preview.etrangeres) == (["Soudeur TIG"], [], [])
    assert preview.can_apply
    assert not Formation.objects.exists()  # the preview wrote nothing

    report = depot.apply(path, organisme, user, full=True)
    assert report.counts["creees"] == 1
    formation = Formation.objects.get()
    assert (formation.responsable, formation.source.code) == (organisme, f"organisme-{organisme.pk}")

    again = depot.preview(path, organisme, full=True)
    assert (again.creees, again.modifiees, again.can_apply) == ([], [], False)


def test_a_full_file_without_a_formation_withdraws_it(referentiels, organisme, user):
    depot.apply(depot.store_upload(upload(template_csv()), organisme), organisme, user, full=True)
    other = template_csv().replace("F-001;Soudeur TIG", "F-002;Chaudronnier")
    preview = depot.preview(depot.store_upload(upload(other), organisme), organisme, full=True)
    assert (preview.creees, preview.retirees) == (["Chaudronnier"], ["Soudeur TIG"])


def test_a_file_naming_another_organisation_is_refused_whole(
    referentiels, organisme, user, write_flux, generator
):
    path = write_flux(list(generator.formations(2)))
    preview = depot.preview(path, organisme, full=False)
    assert len(preview.etrangeres) == 2 and "n'est pas le vôtre" in preview.etrangeres[0]
    assert not preview.can_apply
    with pytest.raises(depot.DepotRefused, match="n'est pas le vôtre"):
        depot.apply(path, organisme, user, full=False)
    assert not Formation.objects.exists()


def test_an_organisation_not_validated_yet_cannot_import(referentiels, organisme, user):
    Adhesion.objects.filter(organisme=organisme).update(statut=AdhesionStatus.EN_ATTENTE)
    organisme.refresh_from_db()
    path = depot.store_upload(upload(template_csv()), organisme)
    with pytest.raises(depot.DepotRefused, match="pas encore validé"):
        depot.apply(path, organisme, user, full=False)
    assert not Formation.objects.exists()


def test_other_formats_and_bad_csv_are_refused_with_what_to_do(referentiels, organisme):
    with pytest.raises(depot.DepotRefused, match="ni un fichier LHEO"):
        depot.store_upload(upload("x", name="offre.xlsx"), organisme)
    with pytest.raises(TableurError):
        depot.store_upload(upload("formation_numero\nF1\n"), organisme)


def test_a_stored_file_is_only_found_in_its_organisation_folder(organisme):
    with pytest.raises(depot.DepotRefused):
        depot.stored_path(organisme, "../../etc/passwd")
