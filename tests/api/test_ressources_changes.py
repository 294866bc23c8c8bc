"""The changes feed keeps an exact mirror of the published resources: rebuilt from the feed, it
equals the API's documents after edits of a resource, of its tags and of a theme's name; an
archived resource comes as a tombstone. (No référentiels here: on PostgreSQL, their module-wide
transaction would hold the feed back.)"""

import time

import pytest

from efop.ressources import services
from efop.ressources.enums import RessourceStatus, TypeRessource
from tests.ressources.factories import EvenementFactory, RessourceFactory, ThemeFactory

from .test_changes import POLL_SECONDS, Mirror, get_json  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def _truth(get) -> dict:
    return {("ressource", r["id"]): r for r in get("/api/v1/ressources?limit=100")["results"]}


def _assert_mirrors(mirror, get) -> None:
    deadline = time.monotonic() + POLL_SECONDS
    while True:
        mirror.follow()
        truth = _truth(get)
        ressources = {key: doc for key, doc in mirror.objects.items() if key[0] == "ressource"}
        if ressources == truth or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert ressources == truth


def test_the_changes_feed_mirrors_the_resources(get_json):  # noqa: F811
    emploi = ThemeFactory(nom="Emploi")
    article = RessourceFactory(titre="Les chantiers recrutent", themes=[ThemeFactory(nom="Recrutement")])
    etude = RessourceFactory(titre="Panorama", type=TypeRessource.ETUDE)
    EvenementFactory(themes=[emploi])
    RessourceFactory(status=RessourceStatus.BROUILLON)
    mirror = Mirror(get_json)
    _assert_mirrors(mirror, get_json)
    assert len(mirror.objects) == 3

    article.titre = "Les chantiers navals recrutent"
    article.save()
    article.themes.add(emploi)  # a tag alone moves the document
    emploi.nom = "Emploi et insertion"
    emploi.save()  # so does a theme's new name
    services.archiver(etude)
    _assert_mirrors(mirror, get_json)
    assert ("ressource", etude.pk) not in mirror.objects
    document = mirror.objects["ressource", article.pk]
    assert document["titre"] == "Les chantiers navals recrutent"
    assert {t["nom"] for t in document["themes"]} == {"Recrutement", "Emploi et insertion"}
