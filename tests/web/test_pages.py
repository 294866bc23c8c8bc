"""The public pages, read through Django's test client on real samples and a generated offer."""

import html as markup
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from efop.offre.enums import FormationStatus
from efop.offre.models import Formation, Session
from efop.organismes.models import Organisme
from efop.web.public import links

pytestmark = pytest.mark.django_db


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def head(html: str) -> tuple[str, str]:
    """(title, meta description) of a page."""
    title = re.search(r"<title>\s*(.*?)\s*</title>", html, re.S).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    return markup.unescape(title), markup.unescape(description)


def jsonld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def future_formation() -> Formation:
    """A generated formation that has sessions to come (and no blocking quality finding)."""
    today = timezone.localdate()
    return (
        Formation.objects.diffusees()
        .filter(source__code="region", actions__sessions__debut__gt=today)
        .distinct()
        .first()
    )


def test_home_has_the_search_form(client, offer):
    html = page(client, "/")
    title, description = head(html)
    assert "Trouver une formation" in title and description
    assert 'role="search"' in html and 'name="q"' in html and 'name="lieu"' in html and 'name="rayon"' in html
    assert f"{Formation.objects.diffusees().count()} formations publiées" in html


def test_formation_page(client, offer):
    formation = future_formation()
    html = page(client, links.formation_url(formation))
    title, description = head(html)
    assert title.startswith(formation.intitule) and description
    assert f'<link rel="canonical" href="http://testserver{links.formation_url(formation)}">' in html
    assert links.organisme_url(formation.responsable) in html
    assert "Information transmise par <strong>" in html  # provenance
    assert 'role="img"' in html and "Voir sur OpenStreetMap" in html  # the map and its text alternative
    course = jsonld(html)
    assert course["@type"] == "Course" and course["name"] == formation.intitule
    assert course["provider"]["identifier"]["value"] == formation.responsable.siret
    instances = course["hasCourseInstance"]
    assert instances and all(instance["@type"] == "CourseInstance" for instance in instances)


def test_past_sessions_never_show(client, offer):
    formation = future_formation()
    session = Session.objects.filter(action__formation=formation).order_by("debut").last()
    html = page(client, links.formation_url(formation))
    shown = len(jsonld(html)["hasCourseInstance"])
    session.fin = timezone.localdate() - timedelta(days=1)
    session.save()
    assert len(jsonld(page(client, links.formation_url(formation)))["hasCourseInstance"]) == shown - 1


def test_formation_whose_sessions_are_all_past(client, offer):
    onisep = Formation.objects.get(source__code="onisep")  # its only session ended in 2017
    html = page(client, links.formation_url(onisep))
    assert "Aucune session à venir" in html and jsonld(html)["hasCourseInstance"] == []


def test_formation_urls_redirect_to_the_canonical_slug(client, offer):
    formation = future_formation()
    canonical = links.formation_url(formation)
    for other in (f"/formations/{formation.pk}/", f"/formations/{formation.pk}-ancien-titre/"):
        response = client.get(other)
        assert response.status_code == 301 and response["Location"] == canonical
    assert re.fullmatch(rf"/formations/{formation.pk}-[a-z0-9-]+/", canonical)


def test_withdrawn_and_unpublished_formations_do_not_show(client, offer):
    withdrawn, draft = Formation.objects.filter(source__code="region")[:2]
    Formation.objects.filter(pk=withdrawn.pk).update(status=FormationStatus.RETIREE)
    Formation.objects.filter(pk=draft.pk).update(status=FormationStatus.BROUILLON)
    assert "plus proposée" in page(client, links.formation_url(withdrawn), status=410)
    page(client, links.formation_url(draft), status=404)
    page(client, "/formations/999999-inconnue/", status=404)
    sitemap = page(client, "/sitemap.xml")
    assert links.formation_url(withdrawn) not in sitemap and links.formation_url(draft) not in sitemap


def test_organisation_page_by_siret_and_by_id(client, offer):
    formation = future_formation()
    organisme = formation.responsable
    url = links.organisme_url(organisme)
    assert url.startswith(f"/organismes/{organisme.siret}-")
    html = page(client, url)
    assert head(html)[0].startswith(str(organisme))
    assert links.formation_url(formation) in html and organisme.siret in html
    for other in (f"/organismes/{organisme.siret}/", f"/organismes/{organisme.siret}-autre-nom/"):
        response = client.get(other)
        assert response.status_code == 301 and response["Location"] == url
    without_siret = Organisme.objects.exclude(cle__startswith="siret:").first()
    if without_siret:
        assert links.organisme_url(without_siret).startswith(f"/organismes/{without_siret.pk}-")


def test_organisation_without_published_offer_is_not_found(client, offer):
    organisme = future_formation().responsable
    url = links.organisme_url(organisme)
    Formation.objects.filter(responsable=organisme).update(status=FormationStatus.RETIREE)
    Formation.objects.filter(actions__formateurs__organisme=organisme).update(status=FormationStatus.RETIREE)
    page(client, url, status=404)
    assert url not in page(client, "/sitemap.xml")


def test_sitemap_lists_published_formations_and_organisations(client, offer):
    sitemap = page(client, "/sitemap.xml")
    for formation in Formation.objects.diffusees():
        assert f"http://testserver{links.formation_url(formation)}</loc>" in sitemap
    assert links.organisme_url(future_formation().responsable) in sitemap


def test_commune_suggestions(client, referentiels):
    assert '<option value="Nantes (44000)">' in page(client, "/communes/?lieu=nant")
    assert '<option value="Angers (49000)">' in page(client, "/communes/?lieu=4900")
    assert "option" not in page(client, "/communes/?lieu=n")
