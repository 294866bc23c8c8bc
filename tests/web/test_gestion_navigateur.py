"""The staff pages of the schemes and of the resources base in Debian's chromium (Playwright): a
documentalist opens each page type — lists, forms, a record with its history, the thesaurus,
the watch queue, a newsletter issue and its preview — without any serious or critical axe-core
violation. Data is committed before the live server starts; flushed at the end."""

import pytest

from efop.referentiels.loaders import load_referentiels
from efop.ressources.models import Lettre
from tests.comptes.factories import PASSWORD, DocumentalisteFactory
from tests.dispositifs.factories import DispositifFactory
from tests.ressources.factories import RessourceFactory, ThemeFactory

from .browser import blocking_violations, browser_fixture, live_server, page_fixture, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)  # the live server writes (sessions)


@pytest.fixture(scope="module")
def gestion(django_db_setup, django_db_blocker, reference):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=["communes", "lheo"])
        staff = DocumentalisteFactory()
        staff.set_password(PASSWORD)
        staff.save()
        dispositif = DispositifFactory(nom="Visa métiers", slug="visa-metiers")
        theme = ThemeFactory(nom="Apprentissage")
        ressource = RessourceFactory(titre="Le point sur l'apprentissage")
        ressource.themes.add(theme)
        lettre = Lettre.objects.create(titre="Lettre n° 1", introduction="Les nouvelles de la semaine.")
        lettre.ressources.add(ressource)
        with live_server() as url:
            yield url, staff, {"dispositif": dispositif.pk, "ressource": ressource.pk, "lettre": lettre.pk}


@pytest.fixture(scope="module")
def live_url(gestion):
    return gestion[0]


def test_every_staff_page_type_of_the_schemes_and_resources_is_accessible(page, gestion):
    _, staff, pk = gestion
    sign_in(page, staff.email, PASSWORD)
    for path in (
        "/gestion/dispositifs/",
        "/gestion/dispositifs/nouveau/",
        f"/gestion/dispositifs/{pk['dispositif']}/",
        f"/gestion/dispositifs/{pk['dispositif']}/modifier/",
        "/gestion/ressources/",
        "/gestion/ressources/nouvelle/",
        f"/gestion/ressources/{pk['ressource']}/",
        "/gestion/ressources/import/",
        "/gestion/ressources/themes/",
        "/gestion/ressources/veille/",
        "/gestion/ressources/veille/sources/nouvelle/",
        "/gestion/ressources/lettres/",
        f"/gestion/ressources/lettres/{pk['lettre']}/",
        f"/gestion/ressources/lettres/{pk['lettre']}/apercu/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert not (blocking := blocking_violations(page)), (path, blocking)
