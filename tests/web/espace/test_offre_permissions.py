"""Who reaches the offer entry pages: every page, GET and POST. Anonymous users are sent to the
login page; another organisation's user gets a 404 whatever id they guess; a partner's flow is
read-only for organisations (403 on every change); staff reach everything."""

import pytest
from django.urls import reverse

from efop.comptes.enums import AdhesionStatus
from efop.flux.models import Source
from efop.offre.enums import ContactRole, FormationStatus
from efop.offre.models import (
    ActionFormateur,
    Certification,
    Contact,
    Financeur,
    FormationCode,
    LieuFormation,
)
from efop.web.espace.offre.rows import KINDS
from tests.offre.factories import ActionFactory, FormationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def build_offer(organisme, **formation):
    """A formation of `organisme` with one row of each kind; {kind: row}."""
    f = FormationFactory(responsable=organisme, **formation)
    action = ActionFactory(formation=f)
    session = SessionFactory(action=action)
    formateur = ActionFormateur.objects.create(action=action, organisme=organisme)
    rows = {
        "actions": action,
        "sessions": session,
        "codes": FormationCode.objects.create(formation=f, kind="code-NSF", code="233"),
        "certifications": Certification.objects.create(formation=f, code_rncp="34001"),
        "contacts": Contact.objects.create(formation=f, role=ContactRole.FORMATION, nom="Accueil"),
        "lieux": LieuFormation.objects.create(action=action, nom="Site"),
        "financeurs": Financeur.objects.create(action=action, code_financeur="2"),
        "formateurs": formateur,
        "contacts-session": Contact.objects.create(
            formation=f, session=session, role=ContactRole.SESSION, nom="Accueil session"
        ),
        "contacts-formateur": Contact.objects.create(
            formation=f, formateur=formateur, role=ContactRole.FORMATEUR, nom="Formateur"
        ),
    }
    return f, rows


@pytest.fixture
def draft(organisme):
    return build_offer(organisme, status=FormationStatus.BROUILLON, source__code=Source.ESPACE)


@pytest.fixture
def partner_offer(organisme):
    return build_offer(organisme, status=FormationStatus.BROUILLON, source__code="greta")


def urls(offer) -> list[tuple[str, str]]:
    """(method, URL) of every page about one formation and its rows."""
    formation, rows = offer
    action = rows["actions"]
    found = [
        ("get", reverse("espace:formation", args=[formation.pk])),
        ("post", reverse("espace:formation", args=[formation.pk])),
        ("post", reverse("espace:formation-soumettre", args=[formation.pk])),
        ("get", reverse("espace:sessions-ajouter", args=[action.pk])),
        ("post", reverse("espace:sessions-ajouter", args=[action.pk])),
        ("post", reverse("espace:sessions-fermer", args=[action.pk])),
        ("post", reverse("espace:sessions-annee-suivante", args=[action.pk])),
        ("post", reverse("espace:action-dupliquer", args=[action.pk])),
    ]
    for kind, row in rows.items():
        parent = {
            "formation": formation,
            "action": action,
            "session": rows["sessions"],
            "formateur": rows["formateurs"],
        }[KINDS[kind].parent]
        for method in ("get", "post"):
            found += [
                (method, reverse("espace:ligne", args=[kind, row.pk])),
                (method, reverse("espace:supprimer", args=[kind, row.pk])),
                (method, reverse("espace:ajouter", args=[kind, parent.pk])),
            ]
    return found


def test_anonymous_users_are_sent_to_the_login_page(client, draft):
    pages = [*urls(draft), ("get", reverse("espace:tableau-de-bord")), ("get", reverse("espace:formations"))]
    pages += [
        ("get", reverse("espace:formation-nouvelle")),
        ("post", reverse("espace:formation-dupliquer", args=[1])),
    ]
    pages += [
        ("get", reverse(f"espace:suggestions-{name}")) for name in ("communes", "codes", "certifications")
    ]
    for method, url in pages:
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response.url.startswith(reverse("espace:connexion")), (method, url)


def test_another_organisations_user_gets_404_for_every_page(autre_client, draft):
    formation, _ = draft
    pages = [*urls(draft), ("post", reverse("espace:formation-dupliquer", args=[formation.pk]))]
    for method, url in pages:
        assert getattr(autre_client, method)(url).status_code == 404, (method, url)


def test_a_user_cannot_create_a_formation_for_another_organisation(autre_client, organisme):
    response = autre_client.post(
        reverse("espace:formation-nouvelle"), {"responsable": organisme.pk, "intitule": "X"}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not organisme.formations.exists()


def is_reading(method: str, url: str) -> bool:
    """The pages that show a formation or a row (the others change something)."""
    return method == "get" and not url.endswith(("/supprimer/", "/sessions/")) and "/nouveau/" not in url


def test_a_partners_flow_is_read_only_for_organisations(editeur_client, partner_offer):
    for method, url in urls(partner_offer):
        response = getattr(editeur_client, method)(url)
        if is_reading(method, url):
            assert response.status_code == 200, url
            assert "Enregistrer" not in response.content.decode(), url
        else:
            assert response.status_code == 403, (method, url)


def test_a_partners_formation_shows_why_it_is_read_only(editeur_client, partner_offer):
    formation, _ = partner_offer
    page = editeur_client.get(reverse("espace:formation", args=[formation.pk])).content.decode()
    assert "transmise par le flux" in page and "GRETA" in page
    assert "Dupliquer la formation" in page


def test_staff_reach_every_page(documentaliste_client, partner_offer):
    for method, url in urls(partner_offer):
        if method == "get":
            assert documentaliste_client.get(url).status_code == 200, url
    formation, _ = partner_offer
    response = documentaliste_client.post(
        reverse("espace:formation", args=[formation.pk]), {"intitule": "Corrigé"}
    )
    assert response.status_code == 302
    formation.refresh_from_db()
    assert formation.intitule == "Corrigé"


def test_members_reach_their_own_offer(editeur_client, draft):
    for method, url in urls(draft):
        if method == "get":
            assert editeur_client.get(url).status_code == 200, url


def test_guessed_kind_in_the_url_is_404(editeur_client, draft):
    formation, _ = draft
    assert editeur_client.get(f"/espace/organismes-bidon/{formation.pk}/").status_code == 404


def test_an_unvalidated_claim_opens_nothing_of_the_imported_offer(login, organisme, editeur):
    """Whoever signs up with the SIRET of an imported organisation sees its flow's formations only
    once staff have validated the adhésion; what they enter themselves is theirs at once."""
    imported = FormationFactory(responsable=organisme, source__code="greta")
    own = FormationFactory(
        responsable=organisme, source__code=Source.ESPACE, status=FormationStatus.BROUILLON
    )
    adhesion = organisme.adhesion
    adhesion.statut = AdhesionStatus.EN_ATTENTE
    adhesion.save()
    client = login(editeur)
    assert client.get(reverse("espace:formation", args=[imported.pk])).status_code == 404
    assert client.get(reverse("espace:formation", args=[own.pk])).status_code == 200
    assert imported.intitule not in client.get(reverse("espace:formations")).content.decode()

    adhesion.statut = AdhesionStatus.VALIDEE
    adhesion.save()
    assert client.get(reverse("espace:formation", args=[imported.pk])).status_code == 200
