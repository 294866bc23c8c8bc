"""« Qualité de mes offres »: an organisation sees its own findings only (list, detail, CSV),
blocking ones first with what to do, the completeness of its formations, and a summary on each
formation page."""

import csv
import io

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from efop.qualite import engine, services
from efop.qualite.models import Resultat
from efop.qualite.report import COLUMNS
from tests.qualite.conftest import formation_en_defaut
from tests.web.qualite.conftest import csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def offres(organisme, autre_organisme):
    """A formation of each organisation, checked (a blocking finding and an incomplete description)."""
    mienne = formation_en_defaut(responsable=organisme, intitule="Soudeur", objectif="", contenu="")
    autre = formation_en_defaut(responsable=autre_organisme, intitule="Pâtissier")
    engine.run()
    return {"mienne": mienne, "autre": autre}


def test_an_organisation_sees_its_own_findings_only(offres, admin_organisme_client):
    response = admin_organisme_client.get(reverse("espace:qualite"))
    findings = list(response.context["page_obj"])
    assert findings and {r.formation_id for r in findings if r.formation_id} == {offres["mienne"].pk}
    assertContains(response, "Soudeur")
    assertNotContains(response, "Pâtissier")
    levels = [r.level for r in findings]
    assert levels[0] == "bloquant" and levels == sorted(
        levels, key=["bloquant", "avertissement", "info"].index
    )
    blocking = Resultat.objects.get(rule="SESSION-DATES-ORDRE", formation=offres["mienne"])
    assertContains(response, blocking.message)  # what is wrong and what to do
    counts = {row["level"]: row["count"] for row in response.context["par_niveau"]}
    assert counts["bloquant"] == 1


def test_another_organisations_finding_is_not_found(offres, admin_organisme_client, autre_client):
    theirs = Resultat.objects.get(rule="SESSION-DATES-ORDRE", formation=offres["autre"])
    assert admin_organisme_client.get(reverse("espace:qualite-constat", args=[theirs.pk])).status_code == 404
    response = autre_client.get(reverse("espace:qualite-constat", args=[theirs.pk]))
    assertContains(response, theirs.message)
    assert (
        admin_organisme_client.get(reverse("espace:qualite"), {"formation": offres["autre"].pk}).status_code
        == 404
    )
    other_org = offres["autre"].responsable_id
    assert admin_organisme_client.get(reverse("espace:qualite"), {"organisme": other_org}).status_code == 404


def test_findings_on_another_organisation_itself_stay_hidden(
    offres, autre_organisme, admin_organisme_client, autre_client
):
    autre_organisme.siret = "12345678901234"  # fails the checksum: a finding on the organisation
    autre_organisme.save()
    engine.run()
    theirs = Resultat.objects.get(rule="ORGANISME-SIRET-CLE", record_id=autre_organisme.pk)
    assert theirs in autre_client.get(reverse("espace:qualite")).context["page_obj"]
    assert theirs not in admin_organisme_client.get(reverse("espace:qualite")).context["page_obj"]
    assert admin_organisme_client.get(reverse("espace:qualite-constat", args=[theirs.pk])).status_code == 404
    rows = csv_rows(admin_organisme_client.get(reverse("espace:qualite-csv")))
    assert "ORGANISME-SIRET-CLE" not in {row["rule"] for row in rows}


def test_the_csv_holds_the_organisations_findings_only(offres, admin_organisme_client, autre_client):
    rows = csv_rows(admin_organisme_client.get(reverse("espace:qualite-csv")))
    mine = Resultat.objects.filter(formation=offres["mienne"])
    assert {(row["rule"], row["record_type"], int(row["record_id"])) for row in rows} == set(
        mine.values_list("rule", "record_type", "record_id")
    )
    theirs = csv_rows(autre_client.get(reverse("espace:qualite-csv")))
    assert {int(row["record_id"]) for row in theirs if row["record_type"] == "formation"} == {
        offres["autre"].pk
    }


def test_a_derogation_hides_the_finding_from_the_organisation(offres, admin_organisme_client):
    blocking = Resultat.objects.get(rule="SESSION-DATES-ORDRE", formation=offres["mienne"])
    services.accorder(blocking, "Dates confirmées par le financeur", None)
    response = admin_organisme_client.get(reverse("espace:qualite"))
    assert blocking not in response.context["page_obj"]
    content = admin_organisme_client.get(reverse("espace:qualite-csv")).content.decode()
    assert "SESSION-DATES-ORDRE" not in content
    assert tuple(next(csv.reader(io.StringIO(content)))) == COLUMNS


def test_the_completeness_says_what_to_fill_in(offres, admin_organisme_client):
    response = admin_organisme_client.get(reverse("espace:qualite"))
    (row,) = response.context["completude"]
    assert row["formation_id"] == offres["mienne"].pk and row["score"] < 100
    assert "l'objectif" in row["missing"] and "le contenu" in row["missing"]
    assertContains(response, f"{row['score']} %")
    assertContains(response, "Renseignez ces informations pour atteindre 100 %")


def test_the_formation_page_shows_a_quality_summary(offres, admin_organisme_client):
    response = admin_organisme_client.get(reverse("espace:formation", args=[offres["mienne"].pk]))
    assertContains(response, "1 bloquant")
    assertContains(response, "Complétude :")
    assertContains(response, f"/espace/qualite/?formation={offres['mienne'].pk}")
    listed = admin_organisme_client.get(reverse("espace:qualite"), {"formation": offres["mienne"].pk})
    assert {r.formation_id for r in listed.context["page_obj"]} == {offres["mienne"].pk}


def test_staff_choose_the_organisation(offres, documentaliste_client):
    response = documentaliste_client.get(reverse("espace:qualite"))
    assert response.context["must_choose"] and not response.context["page_obj"].object_list
    chosen = documentaliste_client.get(
        reverse("espace:qualite"), {"organisme": offres["autre"].responsable_id}
    )
    assert {r.formation_id for r in chosen.context["page_obj"] if r.formation_id} == {offres["autre"].pk}


def test_anonymous_users_are_sent_to_log_in(offres, login):
    for url in (reverse("espace:qualite"), reverse("espace:qualite-csv")):
        response = login().get(url)
        assert response.status_code == 302 and "/connexion/" in response["Location"]
