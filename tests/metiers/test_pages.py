"""The public job pages (search without JavaScript, suggestions, a job's page with its ROME sections,
formations, schemes and nearby information places), the "Métiers visés" section of a formation
page, the sitemap, and the staff pages of the tension flags with their history."""

import json
import re
from datetime import date

import pytest
from django.utils.text import slugify

from efop.dispositifs.enums import DispositifStatus
from efop.dispositifs.models import Dispositif
from efop.historique.models import Changement
from efop.lieux.enums import LieuStatus
from efop.lieux.models import LieuInformation
from efop.metiers.enums import SourceTension
from efop.metiers.models import MetierTension
from efop.referentiels.models import PAYS_DE_LA_LOIRE, Commune, Rome
from efop.ressources.enums import RessourceStatus, TypeRessource
from efop.ressources.models import Ressource
from efop.web.public.links import formation_url
from tests.comptes.factories import DocumentalisteFactory, UserFactory

from .test_liens import SANS_CORRESPONDANCE

pytestmark = pytest.mark.django_db

SOUDEUR = "/metiers/H2913-soudeur-soudeuse/"


def html(client, url: str, status: int = 200, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def options(page: str) -> list[str]:
    return re.findall(r'<option value="([^"]+)"', page)


def test_words_that_name_one_job_open_its_page_without_javascript(metiers, client):
    for typed in ("soudeur", "Soudeuse au plasma", "Soudeur / Soudeuse au plasma (ROME H2913)", "h2913"):
        response = client.get("/metiers/", {"q": typed})
        assert (response.status_code, response["Location"]) == (302, SOUDEUR), typed


def test_ambiguous_words_list_the_jobs_with_the_appellations_that_matched(metiers, client):
    page = html(client, "/metiers/", q="nettoyage")
    assert 'href="/metiers/K2204-agent-agente-de-nettoyage-industriel/"' in page
    assert re.search(r"<h2[^>]*>\d+ métiers pour « nettoyage »</h2>", page)
    assert options(page)  # the datalist filled on the server, for browsers without JavaScript
    assert "Aucun métier ne correspond" in html(client, "/metiers/", q="zzzyyx")


def test_suggestions_of_the_field_are_appellations_with_their_code(metiers, client):
    found = options(html(client, "/metiers/suggestions/", q="soudeuse plas"))
    assert "Soudeur / Soudeuse au plasma (ROME H2913)" in found
    assert all("(ROME " in option for option in found)
    assert options(html(client, "/metiers/suggestions/", q="s")) == []
    field = re.search(r'<input[^>]*name="q"[^>]*>', html(client, "/metiers/")).group(0)
    assert 'list="metier-appellations"' in field and 'hx-get="/metiers/suggestions/"' in field


def test_browsing_a_grand_domaine(metiers, client):
    page = html(client, "/metiers/", domaine="A")
    assert "Conducteur / Conductrice d&#x27;engins agricoles" in page
    assert 'aria-current="page"' in page


def test_a_job_page_has_every_rome_section(metiers, client):
    assert client.get("/metiers/H2913/")["Location"] == SOUDEUR
    assert client.get("/metiers/H2913-mauvais-nom/")["Location"] == SOUDEUR
    html(client, "/metiers/Z9999-inconnu/", status=404)
    page = html(client, "/metiers/K2205-agent-agente-de-proprete-de-locaux/")
    assert "<h1>Agent / Agente de propreté de locaux</h1>" in page
    for section in (
        "Le métier",
        "Accès au métier",
        "Centres d'intérêt (RIASEC)",
        "Métiers proches",
        "Appellations",
    ):
        assert f">{section}</h2>" in page, section
    assert "En tension : Pays de la Loire (2024)" in page  # T4Z60 → K2204 and its child fiche K2205
    assert 'href="/metiers/K2204-agent-agente-de-nettoyage-industriel/"' in page  # its parent fiche
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Occupation" and data["occupationalCategory"]["codeValue"] == "K2205"
    assert '<link rel="canonical" href="http://localhost/metiers/K2205-' in page


def test_a_job_page_lists_its_formations_with_the_reason_and_a_link_to_the_search(
    metiers, client, add_formations
):
    found = add_formations(
        {"Chaudronnier certifié": {"rome": ["H2902"], "formacode": [SANS_CORRESPONDANCE], "rncp": "RNCP1121"}}
    )
    chaudronnier = found["Chaudronnier certifié"]
    page = html(client, Rome.objects.get(code="H2902").metier.get_absolute_url())
    assert f'href="{formation_url(chaudronnier)}">Chaudronnier certifié</a>' in page
    assert (
        "Code ROME indiqué par l&#x27;organisme de formation ; Code ROME de la certification préparée" in page
    )
    assert 'href="/formations/?metier=H2902"' in page
    formation_page = html(client, formation_url(chaudronnier))
    assert ">Métiers visés</h2>" in formation_page
    assert 'href="/metiers/H2902-' in formation_page


def test_schemes_and_nearest_information_places(metiers, client):
    rome = Rome.objects.get(code="H2913")
    dispositif = Dispositif.objects.create(
        nom="Prépa soudure", slug="prepa-soudure", status=DispositifStatus.PUBLIE
    )
    dispositif.metiers.add(rome)
    brouillon = Dispositif.objects.create(nom="Projet non publié", slug="projet")
    brouillon.metiers.add(rome)
    communes = {c.code_insee: c for c in Commune.objects.filter(code_insee__in=["44109", "49007", "85191"])}
    for nom, code, status in (
        ("Mission locale de Nantes", "44109", LieuStatus.PUBLIE),
        ("Cité des métiers d'Angers", "49007", LieuStatus.PUBLIE),
        ("CIO de La Roche-sur-Yon", "85191", LieuStatus.PUBLIE),
        ("Point relais fermé de Nantes", "44109", LieuStatus.FERME),
    ):
        latitude, longitude = communes[code].coordonnees
        LieuInformation.objects.create(
            nom=nom,
            slug=slugify(nom),
            status=status,
            commune=communes[code],
            latitude=latitude,
            longitude=longitude,
        )
    page = html(client, SOUDEUR, commune="Angers")
    assert '<a href="/dispositifs/prepa-soudure/">Prépa soudure</a>' in page
    assert "Projet non publié" not in page
    listed = re.findall(r'<li><a href="/lieux/[^"]+/">([^<]+)</a>[^<]*? — à (\d+) km</li>', page)
    assert [name for name, _ in listed] == [
        "Cité des métiers d&#x27;Angers",
        "Mission locale de Nantes",
        "CIO de La Roche-sur-Yon",
    ]
    assert int(listed[0][1]) == 0 and 70 < int(listed[1][1]) < 100
    error = html(client, SOUDEUR, commune="Zzzyville")
    assert "lieux-proches" not in error and "fr-input-group--error" in error


def test_the_sitemap_lists_the_job_pages(metiers, client):
    assert f"http://localhost{SOUDEUR}" in html(client, "/sitemap.xml")


def test_tension_flags_staff_pages_with_history(metiers, client):
    assert client.get("/gestion/metiers/tensions/").status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get("/gestion/metiers/tensions/").status_code == 403
    client.force_login(DocumentalisteFactory())
    listed = html(client, "/gestion/metiers/tensions/", region=PAYS_DE_LA_LOIRE, rome="K22")
    assert "K2204" in listed and "T4Z60" in listed

    refused = client.post(
        "/gestion/metiers/tensions/ajouter/",
        {"code_rome": "ZZ999", "region": "", "annee": "2025", "en_tension": "on"},
    )
    assert refused.status_code == 200 and "Code ROME « ZZ999 » inconnu" in refused.content.decode()
    assert not MetierTension.objects.filter(source=SourceTension.CARIF_OREF).exists()

    region = metiers_region()
    response = client.post(
        "/gestion/metiers/tensions/ajouter/",
        {
            "code_rome": "h2913",
            "region": region.pk,
            "annee": "2025",
            "en_tension": "on",
            "commentaire": "Chantiers navals",
        },
    )
    added = MetierTension.objects.get(source=SourceTension.CARIF_OREF, rome__code="H2913")
    assert response["Location"] == f"/gestion/metiers/tensions/{added.pk}/"
    assert "En tension : Pays de la Loire (2025)" in html(client, SOUDEUR)

    official = MetierTension.objects.get(rome__code="K2204", region=region, code_fap="T4Z60")
    client.post(
        f"/gestion/metiers/tensions/{official.pk}/",
        {
            "code_rome": "A1101",
            "annee": "1999",
            "commentaire": "Recrutements pourvus",
        },  # en_tension unchecked
    )
    official.refresh_from_db()
    assert (official.rome.code, official.annee, official.en_tension) == ("K2204", 2024, False)
    assert Changement.objects.for_object(official).get().champs["en_tension"] == [True, False]
    page = html(client, f"/gestion/metiers/tensions/{official.pk}/")
    assert "Historique des modifications" in page and "Recrutements pourvus" in page
    assert "En tension : Pays de la Loire (2024)" not in html(
        client, "/metiers/K2204-agent-agente-de-nettoyage-industriel/"
    )


def metiers_region():
    from efop.referentiels.models import Region

    return Region.objects.get(code=PAYS_DE_LA_LOIRE)


def test_a_job_page_lists_the_published_resources_tagged_with_it(metiers, client):
    rome = Rome.objects.get(code="H2913")
    for titre, status in (
        ("Les métiers de la soudure recrutent", RessourceStatus.PUBLIE),
        ("Brouillon", "brouillon"),
    ):
        ressource = Ressource.objects.create(
            titre=titre, type=TypeRessource.ACTUALITE, status=status, date=date(2026, 11, 2)
        )
        ressource.metiers.add(rome)
    page = html(client, SOUDEUR)
    assert "Les métiers de la soudure recrutent" in page and "Brouillon" not in page
