"""The public pages of the resources base (news, agenda, a resource with its tags, subscription),
the RSS, Atom and iCalendar feeds read back, the sitemap, the `ressources_liees` tag, and the staff
back office: access, create, publish, attachments, the review queue, compose and preview."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from lxml import etree

from efop.dispositifs.enums import DispositifStatus
from efop.dispositifs.models import Dispositif
from efop.referentiels.models import Commune, Rome, Territoire
from efop.ressources.enums import ElementStatus, RessourceStatus, TypeRessource
from efop.ressources.models import ElementVeille, Lettre, Ressource
from tests.comptes.factories import DocumentalisteFactory, UserFactory
from tests.ressources.factories import EvenementFactory, RessourceFactory, SourceVeilleFactory, ThemeFactory

REFERENTIELS = ["communes", "rome"]
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]


@pytest.fixture
def contenu():
    emploi = ThemeFactory(nom="Emploi")
    recrutement = ThemeFactory(nom="Recrutement", parent=emploi)
    nantes = Commune.objects.get(code_insee="44109")
    territoire = Territoire.objects.create(code="ZE5212", nom="Nantes")
    dispositif = Dispositif.objects.create(
        nom="Prépa avenir", slug="prepa-avenir", status=DispositifStatus.PUBLIE
    )
    article = RessourceFactory(
        titre="Les chantiers navals recrutent des soudeurs",
        themes=[recrutement],
        liens="https://partenaire.example.org/offres Les offres",
    )
    article.metiers.set(Rome.objects.filter(code="H2913"))
    article.territoires.set([territoire])
    article.dispositifs.set([dispositif])
    forum = EvenementFactory(titre="Forum de l'alternance", commune=nantes, themes=[emploi])
    passe = EvenementFactory(
        titre="Forum passé",
        debut=timezone.now() - timedelta(days=30),
        fin=timezone.now() - timedelta(days=30),
    )
    brouillon = RessourceFactory(titre="Brouillon secret", status=RessourceStatus.BROUILLON)
    return {
        "article": article,
        "forum": forum,
        "passe": passe,
        "brouillon": brouillon,
        "emploi": emploi,
        "recrutement": recrutement,
        "territoire": territoire,
        "dispositif": dispositif,
    }


def test_news_list_filters_and_hides_drafts_and_events(client, contenu):
    page = client.get("/actualites/").content.decode()
    assert "Les chantiers navals recrutent des soudeurs" in page
    assert "Brouillon secret" not in page and "Forum de l'alternance" not in page
    page = client.get("/actualites/", {"theme": contenu["emploi"].slug}).content.decode()
    assert "Les chantiers navals" in page  # a narrower theme counts
    assert "/actualites/themes/emploi/flux.rss" in page
    page = client.get("/actualites/", {"type": TypeRessource.ETUDE}).content.decode()
    assert "0 ressource" in page
    response = client.get("/actualites/", {"theme": "inconnu"})
    assert "Erreur dans la recherche" in response.content.decode()


def test_agenda_upcoming_then_past(client, contenu):
    page = client.get("/agenda/").content.decode()
    assert "Forum de l&#x27;alternance" in page and "Forum passé" not in page
    page = client.get("/agenda/", {"passes": "on"}).content.decode()
    assert "Forum passé" in page and "Forum de l&#x27;alternance" not in page


def test_a_resource_page_with_its_tags_and_json_ld(client, contenu):
    page = client.get(contenu["article"].get_absolute_url()).content.decode()
    assert "<h1>Les chantiers navals recrutent des soudeurs</h1>" in page
    assert "H2913" in page and "Nantes" in page and "Prépa avenir" in page
    assert 'href="https://partenaire.example.org/offres"' in page
    assert '"@type": "Article"' in page
    page = client.get(contenu["forum"].get_absolute_url()).content.decode()
    assert '"@type": "Event"' in page and "Informations pratiques" in page
    assert client.get(contenu["brouillon"].get_absolute_url()).status_code == 404


def test_rss_and_atom_feeds_read_back(client, contenu):
    rss = etree.fromstring(client.get("/actualites/flux.rss").content)
    titles = [item.findtext("title") for item in rss.iterfind("channel/item")]
    assert titles == ["Les chantiers navals recrutent des soudeurs"]
    item = rss.find("channel/item")
    assert item.findtext("category") == "Recrutement"
    assert item.findtext("link").endswith(contenu["article"].get_absolute_url())
    atom = etree.fromstring(client.get("/actualites/themes/emploi/flux.atom").content)
    assert atom.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in atom.iterfind(f"{ATOM}entry")] == [contenu["article"].titre]
    handicap = ThemeFactory(nom="Handicap")
    empty = etree.fromstring(client.get(f"/actualites/themes/{handicap.slug}/flux.rss").content)
    assert empty.findall("channel/item") == []
    assert client.get("/actualites/themes/inconnu/flux.rss").status_code == 404


def test_the_icalendar_feed(client, contenu, settings):
    settings.EFOP_SITE_URL = "https://efop.example.org"
    response = client.get("/agenda/evenements.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert set(events) == {"Forum de l'alternance", "Forum passé"}  # from 90 days back
    forum = events["Forum de l'alternance"]
    assert str(forum["UID"]) == f"ressource-{contenu['forum'].pk}@efop.example.org"
    assert str(forum["URL"]) == f"https://efop.example.org{contenu['forum'].get_absolute_url()}"
    assert str(forum["LOCATION"]) == "Parc des expositions, Nantes"
    assert forum.decoded("DTSTART") == contenu["forum"].debut.replace(microsecond=0)
    assert [str(c) for c in forum["CATEGORIES"].cats] == ["Emploi"]


def test_sitemap_and_related_resources_tag(client, contenu):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert contenu["article"].get_absolute_url() in sitemap
    assert contenu["brouillon"].get_absolute_url() not in sitemap
    template = Template("{% load ressources %}{% ressources_liees objet %}")
    for objet in (Rome.objects.get(code="H2913"), contenu["dispositif"], contenu["territoire"]):
        assert "Les chantiers navals" in template.render(Context({"objet": objet}))
    assert template.render(Context({"objet": Rome.objects.get(code="K2111")})).strip() == ""


@pytest.fixture
def staff():
    client = Client()
    client.force_login(DocumentalisteFactory(), backend=LOGIN_BACKEND)
    return client


def test_the_back_office_is_for_staff_only(client, contenu):
    assert client.get("/gestion/ressources/").status_code == 302  # to the login page
    other = Client()
    other.force_login(UserFactory(), backend=LOGIN_BACKEND)
    for url in ("/gestion/ressources/", "/gestion/ressources/veille/", "/gestion/ressources/lettres/"):
        assert other.get(url).status_code == 403
    assert other.post(f"/gestion/ressources/{contenu['brouillon'].pk}/publier/").status_code == 403
    contenu["brouillon"].refresh_from_db()
    assert contenu["brouillon"].status == RessourceStatus.BROUILLON


def test_create_publish_and_attach(staff, contenu):
    response = staff.post(
        "/gestion/ressources/nouvelle/",
        {
            "titre": "Webinaire VAE",
            "type": TypeRessource.EVENEMENT,
            "resume": "Tout savoir sur la VAE.",
            "date": "2026-12-01",
            "public": "tous",
            "metiers": "h2913 XXXXX",
        },
    )
    assert response.status_code == 400
    assert "Code ROME inconnu : XXXXX" in response.content.decode()
    assert "Un événement a une date de début." in response.content.decode()
    response = staff.post(
        "/gestion/ressources/nouvelle/",
        {
            "titre": "Webinaire VAE",
            "type": TypeRessource.EVENEMENT,
            "type_evenement": "webinaire",
            "resume": "Tout savoir sur la VAE.",
            "date": "2026-12-01",
            "debut": "2027-01-12T10:00",
            "lien_en_ligne": "https://visio.example.org/vae",
            "public": "tous",
            "metiers": "h2913",
            "commune": "44109",
            "themes": [contenu["emploi"].pk],
        },
    )
    ressource = Ressource.objects.get(titre="Webinaire VAE")
    assert response.url == f"/gestion/ressources/{ressource.pk}/"
    assert list(ressource.metiers.values_list("code", flat=True)) == ["H2913"]
    assert ressource.status == RessourceStatus.BROUILLON and ressource.commune.code_insee == "44109"
    assert Client().get(ressource.get_absolute_url()).status_code == 404
    staff.post(f"/gestion/ressources/{ressource.pk}/publier/")
    ressource.refresh_from_db()
    assert ressource.status == RessourceStatus.PUBLIE
    assert "Webinaire VAE" in Client().get("/agenda/").content.decode()
    page = staff.get(f"/gestion/ressources/{ressource.pk}/").content.decode()
    assert "Historique des modifications" in page and "Création" in page
    upload = SimpleUploadedFile("faux.pdf", b"GIF89a")
    response = staff.post(
        f"/gestion/ressources/{ressource.pk}/pieces/", {"titre": "Programme", "fichier": upload}, follow=True
    )
    assert "n&#x27;est pas un vrai fichier PDF" in response.content.decode()
    assert not ressource.pieces.exists()


def test_attachment_upload(staff, contenu, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = contenu["article"]
    upload = SimpleUploadedFile("etude.pdf", b"%PDF-1.7\n%%EOF\n")
    staff.post(f"/gestion/ressources/{article.pk}/pieces/", {"titre": "L'étude complète", "fichier": upload})
    piece = article.pieces.get()
    assert (piece.type_mime, piece.taille) == ("application/pdf", 15)
    assert "L&#x27;étude complète" in Client().get(article.get_absolute_url()).content.decode()


def test_review_queue_accept_and_reject(staff):
    source = SourceVeilleFactory()
    accepted = ElementVeille.objects.create(
        source=source, guid="1", titre="Une actualité", resume="Le texte."
    )
    rejected = ElementVeille.objects.create(source=source, guid="2", titre="Hors sujet")
    page = staff.get("/gestion/ressources/veille/").content.decode()
    assert "Une actualité" in page and "Hors sujet" in page
    response = staff.post(f"/gestion/ressources/veille/elements/{accepted.pk}/", {"accepter": ""})
    accepted.refresh_from_db()
    assert accepted.status == ElementStatus.ACCEPTE
    assert response.url == f"/gestion/ressources/{accepted.ressource.pk}/"
    staff.post(f"/gestion/ressources/veille/elements/{rejected.pk}/", {"rejeter": ""})
    rejected.refresh_from_db()
    assert rejected.status == ElementStatus.REJETE
    response = staff.post(
        f"/gestion/ressources/veille/elements/{rejected.pk}/", {"accepter": ""}, follow=True
    )
    assert "déjà été traité" in response.content.decode()


def test_compose_and_preview_a_newsletter(staff, contenu):
    response = staff.post(
        "/gestion/ressources/lettres/nouvelle/",
        {
            "titre": "Lettre n° 1",
            "introduction": "Bonjour",
            "ressources": [contenu["article"].pk, contenu["forum"].pk],
        },
    )
    lettre = Lettre.objects.get()
    assert response.url == f"/gestion/ressources/lettres/{lettre.pk}/apercu/"
    page = staff.get(response.url).content.decode()
    assert "Version texte" in page and "Les chantiers navals recrutent des soudeurs" in page
    html = staff.get(f"/gestion/ressources/lettres/{lettre.pk}/apercu.html").content.decode()
    assert "#000091" in html and "Forum de l&#x27;alternance" in html
    response = staff.post(f"/gestion/ressources/lettres/{lettre.pk}/envoyer/", follow=True)
    assert "Aucun abonné confirmé" in response.content.decode()


def test_themes_are_edited_by_staff(staff, contenu):
    staff.post("/gestion/ressources/themes/", {"nom": "Alternance", "parent": contenu["emploi"].pk})
    page = staff.get("/gestion/ressources/themes/").content.decode()
    assert "Emploi › Alternance" in page
    response = staff.post(
        f"/gestion/ressources/themes/{contenu['emploi'].pk}/",
        {"nom": "Emploi", "parent": contenu["recrutement"].pk},
    )
    assert response.status_code == 400
    assert "sous lui-même" in response.content.decode()


CSV = """titre;type;resume;date;public;themes;territoires;metiers;type_evenement;debut;lieu;commune
Guide de la VAE;guide;Le guide de la validation des acquis.;2026-11-02;tous;emploi;ZE5212;;;;;
Forum de Laval;evenement;Un forum.;2026-11-02;tous;recrutement;;h2913;forum_emploi;2027-02-03T09:30;Espace Mayenne;53130
"""


def test_csv_import_uses_the_form_all_or_nothing(staff, contenu):
    bad = CSV.replace("2027-02-03T09:30", "").replace(";emploi;", ";inconnu;")
    upload = SimpleUploadedFile("ressources.csv", bad.encode())
    response = staff.post("/gestion/ressources/import/", {"fichier": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ligne 2, colonne « themes » : inconnu(s) : inconnu." in page
    assert "Ligne 3, colonne « debut » : Un événement a une date de début." in page
    assert not Ressource.objects.filter(titre__in=["Guide de la VAE", "Forum de Laval"]).exists()
    upload = SimpleUploadedFile("ressources.csv", CSV.encode())
    staff.post("/gestion/ressources/import/", {"fichier": upload, "simulation": "on"})
    assert not Ressource.objects.filter(titre="Guide de la VAE").exists()
    upload = SimpleUploadedFile("ressources.csv", CSV.encode())
    assert (
        "2 ressources créées en brouillon"
        in staff.post("/gestion/ressources/import/", {"fichier": upload}).content.decode()
    )
    guide, forum = (
        Ressource.objects.get(titre="Guide de la VAE"),
        Ressource.objects.get(titre="Forum de Laval"),
    )
    assert guide.status == RessourceStatus.BROUILLON and list(guide.territoires.all()) == [
        contenu["territoire"]
    ]
    assert forum.commune.code_insee == "53130" and list(forum.metiers.values_list("code", flat=True)) == [
        "H2913"
    ]
