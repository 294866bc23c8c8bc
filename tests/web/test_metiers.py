"""The job or domain field of the search: suggestions as one types, free words resolved on the
server (no JavaScript needed), the chosen ROME or Formacode code filtering the results."""

import re

import pytest
from django.db.models import F

from efop.offre.enums import CodeKind
from efop.offre.models import Formation, FormationCode
from efop.recherche import SearchQuery, search
from efop.referentiels.models import Appellation

from .conftest import SEARCH_REFERENTIELS
from .test_search_page import formation_links, results

REFERENTIELS = SEARCH_REFERENTIELS

pytestmark = pytest.mark.django_db


def suggestions(client, typed: str) -> list[str]:
    response = client.get("/formations/metiers/", {"metier": typed})
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]+)"', response.content.decode())


def test_suggestions_ignore_accents_and_case(client, referentiels):
    assert suggestions(client, "electricite") == suggestions(client, "ÉLECTRICITÉ") != []
    assert "Électricité (Formacode 24054)" in suggestions(client, "electricite")
    soudeur = suggestions(client, "soudeur")
    assert soudeur[0] == "Soudeur / Soudeuse (ROME H2913)"
    assert "Soudeur / Soudeuse au plasma (ROME H2913)" in soudeur  # an appellation, with its fiche's code
    assert len(soudeur) == len(set(soudeur))
    assert suggestions(client, "s") == []


def test_the_form_field_asks_for_suggestions(client, referentiels):
    html = client.get("/").content.decode()
    field = re.search(r'<input[^>]*name="metier"[^>]*>', html).group(0)
    assert 'list="metier-suggestions"' in field and 'hx-get="/formations/metiers/"' in field
    assert '<datalist id="metier-suggestions">' in html


@pytest.mark.parametrize(
    "typed",
    [
        "soudeur au plasma",
        "Soudeuse au plasma",
        "SOUDEUR / SOUDEUSE AU PLASMA",
        "Soudeur / Soudeuse au plasma (ROME H2913)",
    ],
)
def test_an_appellation_resolves_to_its_rome_code(client, referentiels, typed):
    assert "« Soudeur / Soudeuse au plasma (ROME H2913) »" in results(client, metier=typed)


def test_free_words_resolve_without_javascript(client, referentiels):
    for typed, resolved in [
        ("soudeur", "Soudeur / Soudeuse (ROME H2913)"),  # the fiche, and its appellation of the same words
        ("soudage", "Soudage (Formacode 23026)"),  # the domain whose label it is
        ("23026", "Soudage (Formacode 23026)"),
        ("h2913", "Soudeur / Soudeuse (ROME H2913)"),
        ("soudeur plasma", "Soudeur / Soudeuse au plasma (ROME H2913)"),  # one code among the suggestions
    ]:
        assert f"« {resolved} »" in results(client, metier=typed), typed


def test_ambiguous_or_unknown_words_explain_and_suggest(client, referentiels):
    ambiguous = results(client, metier="soud")
    assert "Plusieurs métiers ou domaines de formation correspondent à « soud »" in ambiguous
    assert "« Soudeur / Soudeuse (ROME H2913) »" in ambiguous and "« Soudage (Formacode 23026) »" in ambiguous
    assert '<option value="Soudage (Formacode 23026)">Domaine de formation</option>' in ambiguous
    assert 'href="#id_metier"' in ambiguous  # the error summary leads to the field
    assert "Aucun métier ni domaine de formation ne correspond à « xyzzy »" in results(client, metier="xyzzy")
    assert "correspondent à « s » : choisissez-en un, par exemple « " in results(client, metier="s")


@pytest.mark.parametrize("kind", [CodeKind.ROME, CodeKind.FORMACODE])
def test_the_chosen_code_filters_the_results(client, offer, kind):
    diffused = Formation.objects.diffusees().filter(source__code="region")
    code = FormationCode.objects.filter(kind=kind, formation__in=diffused).values_list("code", flat=True)[0]
    if kind == CodeKind.ROME:  # typed as one of its appellations
        appellations = Appellation.objects.filter(rome__code=code).exclude(libelle=F("rome__libelle"))
        typed = appellations.values_list("libelle", flat=True)[0]
    else:
        typed = code
    filtered = search(SearchQuery(**{"romes" if kind == CodeKind.ROME else "formacodes": (code,)}))
    assert 0 < filtered.total < search(SearchQuery()).total
    html = results(client, metier=typed)
    assert f"<h2>{filtered.total} formation" in html
    shown = [int(re.match(r"/formations/(\d+)-", link).group(1)) for link in formation_links(html)]
    assert shown and set(shown) <= set(
        Formation.objects.filter(codes__kind=kind, codes__code=code).values_list("pk", flat=True)
    )
