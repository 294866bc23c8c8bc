"""Resources and events in the API: published ones only, their tags, provenance and updated_at,
the filters, cursor pages that neither skip nor repeat, and the changes feed: a mirror rebuilt
from it equals the API's documents, archiving gives a tombstone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from efop.referentiels.models import Rome, Territoire
from efop.ressources.enums import RessourceStatus, TypeEvenement, TypeRessource
from tests.ressources.factories import EvenementFactory, RessourceFactory, SourceVeilleFactory, ThemeFactory

REFERENTIELS = ["communes", "rome"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]


@pytest.fixture
def contenu():
    emploi = ThemeFactory(nom="Emploi")
    recrutement = ThemeFactory(nom="Recrutement", parent=emploi)
    territoire = Territoire.objects.create(code="ZE5212", nom="Nantes")
    article = RessourceFactory(
        titre="Les chantiers recrutent", themes=[recrutement], veille=SourceVeilleFactory(nom="Partenaire")
    )
    article.metiers.set(Rome.objects.filter(code="H2913"))
    article.territoires.set([territoire])
    etude = RessourceFactory(titre="Panorama de la formation", type=TypeRessource.ETUDE)
    forum = EvenementFactory(titre="Forum", themes=[emploi])
    webinaire = EvenementFactory(
        titre="Webinaire CPF",
        type_evenement=TypeEvenement.WEBINAIRE,
        lieu="",
        lien_en_ligne="https://v.example.org",
    )
    passe = EvenementFactory(debut=timezone.now() - timedelta(days=5), fin=timezone.now() - timedelta(days=5))
    brouillon = RessourceFactory(titre="Brouillon", status=RessourceStatus.BROUILLON)
    return locals()


def test_list_and_detail_of_published_resources(get_json, contenu, client):
    page = get_json("/api/v1/ressources?limit=100")
    assert {r["titre"] for r in page["results"]} == {
        "Les chantiers recrutent",
        "Panorama de la formation",
        "Forum",
        "Webinaire CPF",
        contenu["passe"].titre,
    }
    article = get_json(f"/api/v1/ressources/{contenu['article'].pk}")
    assert article["themes"] == [{"slug": "recrutement", "nom": "Recrutement"}]
    assert article["metiers"][0]["code"] == "H2913"
    assert article["territoires"] == [{"code": "ZE5212", "nom": "Nantes"}]
    assert article["provenance"] == {"origine": "veille", "source_veille": "Partenaire"}
    assert article["evenement"] is None and article["updated_at"]
    assert article["url"].endswith(contenu["article"].get_absolute_url())
    forum = get_json(f"/api/v1/evenements/{contenu['forum'].pk}")
    assert forum["evenement"]["type_evenement"] == "forum_emploi"
    assert forum["evenement"]["lieu"] == "Parc des expositions"
    assert client.get(f"/api/v1/ressources/{contenu['brouillon'].pk}").status_code == 404
    assert client.get(f"/api/v1/ressources/{contenu['article'].pk + 1000}").status_code == 404
    assert client.get(f"/api/v1/evenements/{contenu['article'].pk}").status_code == 404  # not an event


def test_filters(get_json, contenu, client):
    def titles(url):
        return {r["titre"] for r in get_json(url)["results"]}

    assert titles("/api/v1/ressources?theme=emploi") == {"Les chantiers recrutent", "Forum"}
    assert titles("/api/v1/ressources?type=etude") == {"Panorama de la formation"}
    assert titles("/api/v1/ressources?metier=H2913&territoire=ZE5212") == {"Les chantiers recrutent"}
    assert titles("/api/v1/ressources?q=panorama") == {"Panorama de la formation"}
    assert titles("/api/v1/evenements?a_venir=true") == {"Forum", "Webinaire CPF"}
    assert titles("/api/v1/evenements?a_venir=false") == {contenu["passe"].titre}
    assert titles("/api/v1/evenements?type_evenement=webinaire") == {"Webinaire CPF"}
    response = client.get("/api/v1/ressources?theme=inconnu")
    assert response.status_code == 400 and response.json()["parametre"] == "theme"
    assert client.get("/api/v1/ressources?type=roman").status_code == 400


def test_cursor_pages_neither_skip_nor_repeat(get_json, contenu, client):
    seen, cursor = [], None
    while True:
        page = get_json("/api/v1/ressources?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        seen += [r["id"] for r in page["results"]]
        if not (cursor := page["next_cursor"]):
            break
    assert len(seen) == len(set(seen)) == 5
    assert client.get("/api/v1/ressources?cursor=xyz").status_code == 400


def test_openapi_lists_the_endpoints(get_json):
    paths = get_json("/api/v1/openapi.json")["paths"]
    assert {
        "/api/v1/ressources",
        "/api/v1/ressources/{id}",
        "/api/v1/evenements",
        "/api/v1/evenements/{id}",
    } <= set(paths)
