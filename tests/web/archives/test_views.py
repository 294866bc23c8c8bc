"""The staff's archive pages: the offer on a date (counts, list, filters, downloads), millésimes."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from lxml import etree

from efop.archives.models import Millesime, SourceFormationInitiale, annee_scolaire
from efop.archives.query import offre_a_la_date
from efop.flux.importer import import_lheo
from efop.flux.models import Source
from efop.lheo.versions import LheoVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(generator, write_flux):
    trees = list(generator.formations(8))
    import_lheo(write_flux(trees), source="greta")
    return trees


def test_staff_only(login, editeur_client):
    for name in ("archives:offre", "archives:export", "archives:millesimes"):
        url = reverse(name)
        assert login().get(url).status_code == 302  # to the login page
        assert editeur_client.get(url).status_code == 403
    assert (
        editeur_client.post(reverse("archives:millesimes"), {"source": "x", "annee": "2025-2026"}).status_code
        == 403
    )


def test_the_offer_of_a_date_shows_counts_list_and_downloads(offer, documentaliste_client):
    today = timezone.localdate().isoformat()
    response = documentaliste_client.get(reverse("archives:offre"), {"date": today, "source": "greta"})
    assert response.status_code == 200
    versions = offre_a_la_date(timezone.localdate(), source="greta")
    assert response.context["page_obj"].paginator.count == versions.count() > 0
    assert response.context["vivante"] == versions.count()
    page = response.content.decode()
    assert escape(versions.order_by("intitule").first().intitule) in page
    assert "Télécharger en LHEO 2.3" in page
    departement = response.context["par_departement"][0][0]
    filtered = documentaliste_client.get(
        reverse("archives:offre"), {"date": today, "departement": departement}
    )
    assert (
        filtered.context["page_obj"].paginator.count
        == offre_a_la_date(timezone.localdate(), departement=departement).count()
    )


def test_bad_dates_are_refused_with_a_message(documentaliste_client):
    response = documentaliste_client.get(reverse("archives:offre"), {"date": "31/02/2026"})
    assert response.status_code == 400
    assert "Date invalide" in response.content.decode()
    future = documentaliste_client.get(reverse("archives:offre"), {"date": "2999-01-01"})
    assert future.status_code == 400 and "dans le futur" in future.content.decode()
    assert (
        documentaliste_client.get(reverse("archives:export"), {"date": "x", "format": "csv"}).status_code
        == 400
    )


def test_downloads_stream_lheo_valid_against_the_xsd_and_json_lines(offer, documentaliste_client):
    today = timezone.localdate().isoformat()
    response = documentaliste_client.get(reverse("archives:export"), {"date": today, "format": "lheo"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="offre-{today}.xml"'
    document = etree.fromstring(b"".join(response.streaming_content))
    schema = etree.XMLSchema(etree.parse(str(LheoVersion.V23.xsd_path)))
    assert schema.validate(document), schema.error_log
    expected = offre_a_la_date(timezone.localdate()).count()
    assert len(document.findall(f".//{{{LheoVersion.V23.namespace}}}formation")) == expected
    lines = documentaliste_client.get(reverse("archives:export"), {"date": today, "format": "jsonl"})
    assert len([json.loads(line) for line in b"".join(lines.streaming_content).splitlines()]) == expected


def test_freezing_a_millesime_declares_the_source_and_shows_its_map(offer, documentaliste_client):
    annee = annee_scolaire(timezone.localdate())
    bad = documentaliste_client.post(reverse("archives:millesimes"), {"source": "greta", "annee": "2025"})
    assert bad.status_code == 400 and "Année scolaire « 2025 » invalide" in bad.content.decode()
    assert not SourceFormationInitiale.objects.exists()
    response = documentaliste_client.post(reverse("archives:millesimes"), {"source": "greta", "annee": annee})
    millesime = Millesime.objects.get(source=Source.objects.get(code="greta"), annee=annee)
    assert response.status_code == 302 and response.url == reverse("archives:millesime", args=[millesime.pk])
    page = documentaliste_client.get(response.url)
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == millesime.nombre > 0
    assert f"Carte des formations {annee}" in page.content.decode()
    listing = documentaliste_client.get(reverse("archives:millesimes"))
    assert annee in listing.content.decode()
