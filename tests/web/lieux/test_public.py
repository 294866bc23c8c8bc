"""The public pages of the lieux d'information: the search « près de chez moi » (the offer's place
field, radius, filters, distances, map, errors), a place's page (hours with exceptions, today,
contacts, accessibility, appointment, JSON-LD, the formations near it from the offer's search
engine with a link to all of them), drafts and closed places a 404, the sitemap and the header."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from efop.lieux.enums import LieuStatus, Reseau
from efop.offre.models import Formation
from efop.recherche.models import SessionIndex
from efop.web.public import links
from tests.lieux.factories import ANGERS, LAVAL, NANTES, REZE, SAINT_HERBLAIN, LieuFactory

pytestmark = pytest.mark.django_db
REFERENTIELS = ["communes", "lheo"]


def page(client, url: str, status: int = 200, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == status, response.content[:300]
    return response.content.decode()


def result_names(html: str) -> list[str]:
    return [
        unescape(name)
        for name in re.findall(
            r'<h3 class="fr-card__title"><a href="/lieux/[^"]+/">(?:\d+\. )?([^<]+)</a>', html
        )
    ]


@pytest.fixture
def lieux(referentiels):
    return {
        "nantes": LieuFactory(nom="Mission locale de l'agglomération nantaise", code_insee=NANTES),
        "herblain": LieuFactory(
            nom="France Travail Saint-Herblain", code_insee=SAINT_HERBLAIN, reseau=Reseau.FRANCE_TRAVAIL
        ),
        "reze": LieuFactory(nom="CIO de Rezé", code_insee=REZE, reseau=Reseau.CIO),
        "angers": LieuFactory(nom="Mission locale angevine", code_insee=ANGERS),
        "laval": LieuFactory(nom="CIO de Laval", code_insee=LAVAL, reseau=Reseau.CIO),
        "brouillon": LieuFactory(nom="Brouillon nantais", code_insee=NANTES, status=LieuStatus.BROUILLON),
    }


def test_the_search_lists_the_published_places_by_name_without_a_place(client, lieux):
    html = page(client, "/lieux/")
    assert "5 lieux d'information" in html
    assert result_names(html) == sorted(
        lieux[k].nom for k in ("nantes", "herblain", "reze", "angers", "laval")
    )
    assert "Brouillon" not in html
    assert 'list="lieu-suggestions"' in html and 'id="lieu-suggestions"' in html  # the offer's commune field


def test_near_me_gives_the_places_in_the_radius_nearest_first_with_their_distance_and_a_map(client, lieux):
    html = page(client, "/lieux/", lieu="Nantes", rayon="20")
    assert "3 lieux d'information autour de Nantes (44000)" in html
    assert result_names(html)[0] == lieux["nantes"].nom
    assert set(result_names(html)) == {lieux[k].nom for k in ("nantes", "herblain", "reze")}
    distances = [float(km.replace(",", ".")) for km in re.findall(r"À ([\d,]+) km", html)]
    assert distances == sorted(distances) and distances[0] == 0 and distances[-1] < 20
    assert "3 lieux d'information, numérotés" in html and "<svg" in html
    cio = page(client, "/lieux/", lieu="44000", rayon="100", reseau="cio")
    assert result_names(cio) == [lieux["reze"].nom]  # Laval is further than 100 km


def test_a_wrong_place_explains_and_suggests(client, lieux):
    html = page(client, "/lieux/", lieu="Saint-Aubin")
    assert "Erreur dans la recherche" in html and "Plusieurs communes" in html
    assert '<option value="Saint-Aubin (' in html
    assert "Aucune commune" in page(client, "/lieux/", lieu="Xyzville")


def test_a_place_page_shows_its_hours_contacts_accessibility_and_appointment(client, lieux):
    today = timezone.localdate()
    lieu = lieux["nantes"]
    lieu.exceptions_horaires = [
        {
            "debut": today.isoformat(),
            "fin": today.isoformat(),
            "creneaux": "10:00-11:00",
            "motif": "réunion d'équipe",
        },
        {
            "debut": (today + timedelta(days=10)).isoformat(),
            "fin": (today + timedelta(days=12)).isoformat(),
            "creneaux": "",
            "motif": "inventaire",
        },
        {"debut": "2020-01-01", "fin": "2020-01-02", "creneaux": "", "motif": "passé"},
    ]
    lieu.rdv_url = "https://rdv.example.org/nantes"
    lieu.accessible_pmr, lieu.boucle_magnetique = True, False
    lieu.save()
    html = page(client, f"/lieux/{lieu.slug}/")
    assert "<h1>Mission locale de l&#x27;agglomération nantaise</h1>" in html
    assert "<strong>Aujourd'hui :</strong>\n        10h00 – 11h00 (réunion d&#x27;équipe)" in html
    assert "Lundi" in html and "09h00 – 12h30, 13h30 – 17h30" in html and "Dimanche" in html
    assert "(inventaire)" in html and "passé" not in html
    assert 'href="https://rdv.example.org/nantes"' in html and "Prendre rendez-vous" in html
    assert "Accès pour les personnes à mobilité réduite : oui" in html
    assert "Boucle magnétique pour les personnes malentendantes : non" in html
    assert 'href="tel:0240000000"' in html and "44000 Nantes" in html


def test_the_json_ld_is_a_government_office_with_its_opening_hours(client, lieux):
    lieu = lieux["nantes"]
    lieu.exceptions_horaires = [{"debut": "2030-12-25", "fin": "2030-12-25", "creneaux": "", "motif": ""}]
    lieu.save()
    html = page(client, f"/lieux/{lieu.slug}/")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "GovernmentOffice" and data["name"] == lieu.nom
    assert data["address"]["addressLocality"] == "Nantes" and data["geo"]["latitude"] == lieu.latitude
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "12:30",
    } in data["openingHoursSpecification"]
    assert len(data["openingHoursSpecification"]) == 10  # two slots on five days
    assert data["specialOpeningHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": "2030-12-25",
            "validThrough": "2030-12-25",
            "opens": "00:00",
            "closes": "00:00",
        }
    ]


def test_drafts_and_closed_places_are_not_public(client, lieux):
    page(client, f"/lieux/{lieux['brouillon'].slug}/", status=404)
    lieux["laval"].status = LieuStatus.FERME
    lieux["laval"].save()
    page(client, f"/lieux/{lieux['laval'].slug}/", status=404)


def test_a_place_page_shows_the_formations_near_it_and_links_to_all(client, offer):
    code = SessionIndex.objects.exclude(code_insee="").values_list("code_insee", flat=True).first()
    lieu = LieuFactory(nom="Point relais", code_insee=code)
    html = page(client, f"/lieux/{lieu.slug}/")
    assert "Formations près de ce lieu" in html
    shown = re.findall(r'<a href="(/formations/\d+-[^"]+/)">', html)
    assert 1 <= len(shown) <= 5
    near = SessionIndex.objects.filter(code_insee=code).values_list("fiche_id", flat=True)
    assert any(links.formation_url(f) in shown for f in Formation.objects.filter(pk__in=near))
    link = re.search(r'href="(/formations/\?lieu=[^"]+)">Toutes les formations autour de', html).group(1)
    assert "rayon=20" in link and "tri=distance" in link
    results = client.get(link.replace("&amp;", "&"))
    assert results.status_code == 200 and "Erreur" not in results.content.decode()[:2000]


def test_the_sitemap_and_the_header_name_the_places(client, lieux):
    assert f"/lieux/{lieux['nantes'].slug}/" in page(client, "/sitemap.xml")
    assert f"/lieux/{lieux['brouillon'].slug}/" not in page(client, "/sitemap.xml")
    assert 'href="/lieux/"' in page(client, "/") and "Lieux d'information</a>" in page(client, "/")
