"""The schemes' public pages (list, scheme page with the offer it funds, finder without JavaScript,
the formation page's section) and the staff back office (access, create, edit, history, publish,
import, export), through Django's test client."""

import html as markup

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.datastructures import MultiValueDict

from efop import recherche
from efop.dispositifs.enums import DispositifStatus, NiveauDispositif, Statut
from efop.dispositifs.models import Dispositif
from efop.offre.models import Financeur, Formation, Session
from efop.web.public import links
from tests.comptes.factories import DocumentalisteFactory, UserFactory
from tests.dispositifs.factories import DispositifFactory
from tests.web.test_pages import head, jsonld, page

REFERENTIELS = ["communes", "lheo", "rome"]
pytestmark = pytest.mark.django_db
SECRET = "Saisie KAIROS : code 1234"
LOGIN = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(DocumentalisteFactory(), backend=LOGIN)
    return client


@pytest.fixture
def schemes(db):
    return {
        "visa": DispositifFactory(
            nom="Visa métiers",
            slug="visa-metiers",
            resume="Formations qualifiantes gratuites.",
            statuts=[Statut.DEMANDEUR_EMPLOI],
            codes_financeurs=["2"],
            demarches="Parlez-en à votre conseiller.",
            fiche_technique=SECRET,
        ),
        "cej": DispositifFactory(
            nom="Contrat d'engagement jeune", slug="cej", niveau=NiveauDispositif.NATIONAL, age_max=25
        ),
        "brouillon": DispositifFactory(
            nom="Brouillon", slug="brouillon", status=DispositifStatus.BROUILLON, fiche_technique=SECRET
        ),
        "fini": DispositifFactory(nom="Plan 2020", slug="plan-2020", fin="2020-12-31"),
    }


def test_the_list_shows_the_published_schemes_in_force_with_filters(client, schemes):
    html = page(client, "/dispositifs/")
    assert "Visa métiers" in html and "Contrat d&#x27;engagement jeune" in html
    assert "Brouillon" not in html and "Plan 2020" not in html
    assert head(html)[0].startswith("Dispositifs de financement")
    filtered = page(client, "/dispositifs/?statut=salarie")
    assert "Visa métiers" not in filtered and "engagement jeune" in filtered
    assert 'href="/dispositifs/"' in page(client, "/")  # in the header's navigation


def test_the_scheme_page_and_its_offer(client, schemes, offer):
    region = recherche.search(recherche.SearchQuery(financeurs=("2",)), limit=1)
    html = page(client, "/dispositifs/visa-metiers/")
    assert head(html)[1] == "Formations qualifiantes gratuites."
    assert "Comment en bénéficier ?" in html and "Parlez-en à votre conseiller." in html
    assert "Publics : demandeurs d&#x27;emploi" in html
    assert SECRET not in html
    assert jsonld(html)["@type"] == "GovernmentService"
    assert "Formations qui peuvent être financées" in html
    assert region.total > 1
    assert f"{region.total} formations financées par Collectivité territoriale - Conseil régional." in html
    assert Formation.objects.get(pk=region.hits[0].formation_id).intitule in markup.unescape(html)
    page(client, "/dispositifs/brouillon/", 404)
    assert "Ce dispositif a pris fin le 31 décembre 2020." in page(client, "/dispositifs/plan-2020/")


def test_the_finder_works_without_javascript(client, schemes):
    html = markup.unescape(
        page(client, "/dispositifs/simulateur/?statut=demandeur-emploi&age=27&lieu=Angers")
    )
    assert "Vous semblez éligible (1)" in html
    assert "Vous avez 27 ans : ce dispositif est réservé aux moins de 26 ans." in html
    assert (
        "Vous habitez Angers (Maine-et-Loire) : ce dispositif couvre toute la région Pays de la Loire."
        in html
    )
    assert SECRET not in html
    error = markup.unescape(page(client, "/dispositifs/simulateur/?lieu=Xyzzyville"))
    assert "Aucune commune ne correspond à « Xyzzyville »." in error
    assert head(error)[0].startswith("Erreur dans vos réponses")


def test_the_formation_page_lists_the_schemes_that_can_fund_it(client, offer, schemes):
    # The page lists the schemes of the funders of the actions it shows: those with a current session.
    financeur = (
        Financeur.objects.filter(
            action__formation__in=Formation.objects.diffusees(),
            action__sessions__in=Session.objects.not_over(),
        )
        .exclude(code_financeur="")
        .first()
    )
    formation = financeur.action.formation
    DispositifFactory(nom="Aide au financement", slug="aide", codes_financeurs=[financeur.code_financeur])
    html = page(client, links.formation_url(formation))
    assert "Dispositifs de financement possibles" in html
    assert 'href="/dispositifs/aide/"' in html


def test_the_sitemap_lists_the_published_schemes(client, schemes):
    xml = page(client, "/sitemap.xml")
    assert "/dispositifs/visa-metiers/" in xml and "/dispositifs/brouillon/" not in xml


# Back office ----------------------------------------------------------------------------------


def test_only_staff_reach_the_back_office(client, schemes):
    assert client.get("/gestion/dispositifs/").status_code == 302  # to the login page
    organisation_user = Client()
    organisation_user.force_login(UserFactory(), backend=LOGIN)
    assert organisation_user.get("/gestion/dispositifs/").status_code == 403
    assert organisation_user.get(f"/gestion/dispositifs/{schemes['visa'].pk}/").status_code == 403
    assert (
        organisation_user.post(
            f"/gestion/dispositifs/{schemes['visa'].pk}/etat/", {"status": "archive"}
        ).status_code
        == 403
    )
    assert Dispositif.objects.get(slug="visa-metiers").status == DispositifStatus.PUBLIE


@pytest.mark.usefixtures("referentiels")
def test_staff_create_edit_publish_and_see_the_history_and_the_technical_sheet(staff_client):
    data = MultiValueDict(
        {"nom": ["Aide au permis"], "niveau": ["national"], "codes_financeurs": ["4"], "metiers": ["N4101"]}
    )
    data.setlist("statuts", ["demandeur-emploi"])
    response = staff_client.post("/gestion/dispositifs/nouveau/", data)
    dispositif = Dispositif.objects.get(slug="aide-au-permis")
    assert response.status_code == 302 and response["Location"] == f"/gestion/dispositifs/{dispositif.pk}/"
    data["fiche_technique"] = SECRET
    data["slug"] = "aide-au-permis"
    staff_client.post(f"/gestion/dispositifs/{dispositif.pk}/modifier/", data)
    staff_client.post(f"/gestion/dispositifs/{dispositif.pk}/etat/", {"status": "publie"})
    html = markup.unescape(page(staff_client, f"/gestion/dispositifs/{dispositif.pk}/"))
    assert SECRET in html
    assert "Historique des modifications" in html
    assert "Fiche technique (conseillers)" in html and "Publié" in html
    assert "N4101" in html  # the links' change
    bad = staff_client.post(
        "/gestion/dispositifs/nouveau/", {"nom": "X", "niveau": "national", "age_min": "30", "age_max": "20"}
    )
    assert bad.status_code == 200
    assert "L&#x27;âge maximum doit être supérieur ou égal à l&#x27;âge minimum." in bad.content.decode()


@pytest.mark.usefixtures("referentiels")
def test_staff_export_and_import(staff_client, schemes):
    exported = staff_client.get("/gestion/dispositifs/export/?format=csv")
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode()
    assert text.startswith("slug;nom;status") and SECRET in text
    bad = SimpleUploadedFile("d.csv", b"nom;niveau\nX;mondial\n")
    response = staff_client.post("/gestion/dispositifs/import/", {"fichier": bad}, follow=True)
    assert "Import refusé, aucun dispositif modifié." in markup.unescape(response.content.decode())
    good = SimpleUploadedFile("d.csv", "nom;niveau\nChèque formation;regional\n".encode())
    response = staff_client.post("/gestion/dispositifs/import/", {"fichier": good}, follow=True)
    assert "1 dispositif(s) créé(s), 0 modifié(s)." in markup.unescape(response.content.decode())
    assert Dispositif.objects.get(slug="cheque-formation").status == DispositifStatus.BROUILLON
