"""The results page: the search form turned into a query, facets, distances, cursor pages, errors."""

import re

import pytest

from efop.offre.models import Formation
from efop.web.public import views
from efop.web.public.forms import SearchForm
from efop.web.public.offer import current_sessions

pytestmark = pytest.mark.django_db


def results(client, status: int = 200, **params) -> str:
    response = client.get("/formations/", params)
    assert response.status_code == status
    return response.content.decode()


def formation_links(html: str) -> list[str]:
    return re.findall(r'<a href="(/formations/\d+-[^"]+/)">', html)


def test_every_formation_with_a_session_to_come_without_criteria(client, offer):
    html = results(client)
    total = Formation.objects.diffusees().filter(actions__sessions__in=current_sessions()).distinct().count()
    assert total < Formation.objects.diffusees().count()  # the ONISEP and Intercarif samples are over
    assert f"{total} formations" in html
    assert len(formation_links(html)) == min(total, views.PAGE_SIZE)


def test_facets_are_filters_with_counts(client, offer):
    html = results(client)
    assert re.search(r'name="financeur_groupes" value="[\w-]+"', html)
    assert re.search(r'name="departements" value="\d+"', html)
    assert re.search(r"Loire-Atlantique \(\d+\)", html)
    filtered = results(client, departements="44")
    assert re.search(r'name="departements" value="44"[^>]*checked', filtered)


def test_a_place_gives_distances(client, offer):
    html = results(client, lieu="nantes", rayon="100", tri="distance")
    assert "autour de Nantes (44000)" in html
    distances = [int(km) for km in re.findall(r"— à (\d+) km", html)]
    assert distances and distances == sorted(distances) and max(distances) <= 100


def test_place_errors_explain_and_suggest(client, referentiels):
    ambiguous = results(client, lieu="Saint-Aubin")
    assert "Plusieurs communes" in ambiguous and '<option value="Saint-Aubin (' in ambiguous
    assert 'href="#id_lieu"' in ambiguous  # the error summary leads to the field
    assert "Aucune commune" in results(client, lieu="Xyzville")
    assert "Le tri par distance demande" in results(client, tri="distance")


def test_commune_resolution(client, referentiels):
    for typed in ("Nantes", "44000", "nantes (44000)", "NANTES 44300"):
        assert "autour de Nantes (44" in results(client, lieu=typed), typed
    assert "autour de Saint-Herblain (44800)" in results(client, lieu="saint herblain")


def test_cursor_pages(client, offer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    first = results(client)
    assert "page 1 sur" in first
    next_url = re.search(r'href="\?([^"]*curseur=[^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(f"/formations/?{next_url}").content.decode()
    assert "page 2 sur" in second
    assert not set(formation_links(first)) & set(formation_links(second))
    results(client, status=400, curseur="pas-un-curseur")


def test_a_search_page_costs_a_fixed_number_of_queries(client, offer, django_assert_num_queries):
    results(client, lieu="44109", rayon="50")  # the référentiels it reads are kept
    # the référentiels' token, the page of hits, facets and total, the cards and their towns, the
    # site configuration
    with django_assert_num_queries(6):
        assert formation_links(results(client, lieu="44109", rayon="100"))


def test_search_forms_share_their_renderer_and_its_parsed_templates():
    assert SearchForm().renderer is SearchForm().renderer
