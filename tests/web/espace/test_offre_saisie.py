"""Entering the offer through the workspace pages: formations, actions, sessions and their rows,
choosers, submission, productivity tools. Changes go through the moderation workflow."""

from datetime import date

import pytest
from django.urls import reverse

from efop.comptes.enums import AdhesionStatus
from efop.comptes.models import Adhesion
from efop.flux.models import Source
from efop.moderation.models import Soumission
from efop.offre import saisie
from efop.offre.enums import CodeKind, FormationStatus
from efop.offre.models import (
    Action,
    ActionFormateur,
    Certification,
    Contact,
    Formation,
    LieuFormation,
    Session,
)
from efop.organismes.models import Etablissement
from efop.referentiels.enums import TypeCertification
from efop.referentiels.models import Certification as CertificationReferentiel
from efop.referentiels.models import Formacode
from efop.web.espace.offre.rows import KINDS
from tests.offre.factories import ActionFactory, FormationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(organisme):
    return FormationFactory(
        responsable=organisme, status=FormationStatus.BROUILLON, source__code=Source.ESPACE
    )


@pytest.fixture
def action(draft):
    return ActionFactory(formation=draft)


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def ajouter(kind, parent) -> str:
    return reverse("espace:ajouter", args=[kind, parent.pk])


def test_a_formation_is_created_as_a_draft_for_one_of_the_users_organisations(editeur_client, organisme):
    form = editeur_client.get(reverse("espace:formation-nouvelle"))
    assert str(organisme) in page(form)
    response = editeur_client.post(
        reverse("espace:formation-nouvelle"),
        {"responsable": organisme.pk, "intitule": "Cariste"},
        follow=True,
    )
    formation = Formation.objects.get(intitule="Cariste")
    assert (formation.status, formation.source.code, formation.responsable) == (
        "brouillon",
        "espace",
        organisme,
    )
    assert response.redirect_chain[-1][0] == reverse("espace:formation", args=[formation.pk])
    assert "Formation créée en brouillon" in page(response)


def test_a_draft_is_changed_at_once_and_errors_are_listed(editeur_client, draft):
    url = reverse("espace:formation", args=[draft.pk])
    response = editeur_client.post(
        url,
        {"intitule": "Soudeur TIG", "contenu": "Modules", "urls": "https://a.fr\n\nhttps://b.fr"},
        follow=True,
    )
    draft.refresh_from_db()
    assert (draft.intitule, draft.contenu, draft.urls) == (
        "Soudeur TIG",
        "Modules",
        ["https://a.fr", "https://b.fr"],
    )
    assert "Modification enregistrée." in messages_of(response)

    response = editeur_client.post(url, {"intitule": "  "})
    assert response.status_code == 200
    assert "Le formulaire contient 1 erreur" in page(response)
    assert 'href="#id_intitule"' in page(response)


def test_a_substantive_change_to_a_published_formation_waits_for_moderation(editeur_client, organisme):
    published = FormationFactory(responsable=organisme, source__code=Source.ESPACE, intitule="Soudeur")
    ActionFactory(formation=published)
    url = reverse("espace:formation", args=[published.pk])
    response = editeur_client.post(url, {"intitule": "Soudeur TIG"}, follow=True)
    assert "sera publiée après validation" in page(response)
    published.refresh_from_db()
    assert published.intitule == "Soudeur"
    revision = published.revisions.get()
    assert revision.intitule == "Soudeur TIG"
    # the organisation goes on with the pending version
    response = editeur_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("espace:formation", args=[revision.pk])


def test_an_action_then_a_session_are_added(editeur_client, draft):
    response = editeur_client.post(
        ajouter("actions", draft),
        {
            "rythme": "Temps plein",
            "nombre_heures_centre": "300",
            "nombre_heures_entreprise": "100",
            "nombre_heures_total": "400",
            "prix_total_ttc": "1234.50",
            "acces_handicapes": "Locaux accessibles",
            "langues": "fr",
        },
    )
    action = draft.actions.get()
    assert response.url == reverse("espace:ligne", args=["actions", action.pk])
    assert action.cle.startswith("espace:") and action.langues == ["fr"]
    assert (action.prix_total_ttc_brut, action.acces_handicapes) == ("1234.50", "Locaux accessibles")

    response = editeur_client.post(
        ajouter("sessions", action), {"debut": "2025-09-15", "fin": "2026-06-30", "etat_recrutement": ""}
    )
    assert response.url == reverse("espace:ligne", args=["actions", action.pk])
    session = action.sessions.get()
    assert (session.debut, session.debut_brut, session.debut_precision) == (
        date(2025, 9, 15),
        "20250915",
        "jour",
    )
    assert session.fin_brut == "20260630"
    assert "15/09/2025" in page(editeur_client.get(response.url))


def test_inconsistent_hours_and_dates_are_refused(editeur_client, action):
    response = editeur_client.post(
        ajouter("actions", action.formation),
        {"nombre_heures_centre": "300", "nombre_heures_entreprise": "200", "nombre_heures_total": "400"},
    )
    assert "Le total est inférieur" in page(response)
    response = editeur_client.post(ajouter("sessions", action), {"debut": "2025-09-15", "fin": "2025-09-01"})
    assert "Cette date précède la date de début." in page(response)
    assert not action.sessions.exists()


def test_a_row_is_changed_and_deleted(editeur_client, action):
    session = SessionFactory(action=action, modalites_inscription="Dossier")
    url = reverse("espace:ligne", args=["sessions", session.pk])
    assert "Dossier" in page(editeur_client.get(url))
    editeur_client.post(url, {"modalites_inscription": "Entretien", "debut": "2025-01-06"})
    session.refresh_from_db()
    assert (session.modalites_inscription, session.debut_brut) == ("Entretien", "20250106")
    confirm = reverse("espace:supprimer", args=["sessions", session.pk])
    assert "Voulez-vous vraiment supprimer" in page(editeur_client.get(confirm))
    assert editeur_client.post(confirm).url == reverse("espace:ligne", args=["actions", action.pk])
    assert not Session.objects.filter(pk=session.pk).exists()


def test_a_formacode_must_exist(editeur_client, draft):
    Formacode.objects.create(code="22403", libelle="Soudage", version="V14")
    response = editeur_client.post(ajouter("codes", draft), {"kind": CodeKind.FORMACODE, "code": "99999"})
    assert "n&#x27;existe pas dans le référentiel" in page(response)
    editeur_client.post(
        ajouter("codes", draft), {"kind": CodeKind.FORMACODE, "code": "22403", "principal": "on"}
    )
    assert list(draft.codes.values_list("code", "principal")) == [("22403", True)]


def test_a_certification_chosen_fills_its_codes_the_level_and_the_formacode(editeur_client, draft):
    formacode = Formacode.objects.create(code="22403", libelle="Soudage", version="V14")
    fiche = CertificationReferentiel.objects.create(
        type=TypeCertification.RNCP, code="RNCP34001", intitule="Soudeur", niveau="4", version="2025"
    )
    fiche.formacodes.add(formacode)
    response = editeur_client.post(ajouter("certifications", draft), {"certification": "RNCP99"})
    assert "Aucune fiche RNCP ou RS « RNCP99 »" in page(response)
    editeur_client.post(ajouter("certifications", draft), {"certification": "rncp34001 – Soudeur"})
    certification = Certification.objects.get(formation=draft)
    assert (certification.code_rncp, certification.reference_code_formacode) == ("34001", "22403")
    draft.refresh_from_db()
    assert (draft.certifiante, draft.code_niveau_sortie) == (True, "14")
    assert list(draft.codes.values_list("code", flat=True)) == ["22403"]


def test_a_trainer_is_found_by_siret(editeur_client, action, organisme, autre_organisme):
    response = editeur_client.post(ajouter("formateurs", action), {"siret_organisme": "123"})
    assert "Aucun organisme connu avec le SIRET 123" in page(response)
    editeur_client.post(ajouter("formateurs", action), {"siret_organisme": autre_organisme.siret})
    assert action.formateurs.get().organisme == autre_organisme


def test_a_contact_needs_a_way_to_reach_it(editeur_client, draft):
    response = editeur_client.post(ajouter("contacts", draft), {"role": "contact-formation"})
    assert "Indiquez au moins un nom" in page(response)
    editeur_client.post(
        ajouter("contacts", draft),
        {"role": "contact-formation", "nom": "Accueil", "telfixe": "02 40 00 00 00"},
    )
    assert draft.contacts.get().telfixe == ["02 40 00 00 00"]


class TestAttachedContacts:
    """Contacts of a session or of an organisme formateur, on its page; minor changes."""

    @pytest.fixture(params=["session", "formateur"])
    def parent(self, request, action, organisme):
        if request.param == "session":
            return "contacts-session", SessionFactory(action=action), "sessions"
        return (
            "contacts-formateur",
            ActionFormateur.objects.create(action=action, organisme=organisme),
            "formateurs",
        )

    def test_added_changed_and_deleted_from_the_parents_page(self, editeur_client, parent):
        kind, row, parent_kind = parent
        parent_page = reverse("espace:ligne", args=[parent_kind, row.pk])
        assert f'href="{ajouter(kind, row)}"' in page(editeur_client.get(parent_page))
        assert "Indiquez au moins un nom" in page(editeur_client.post(ajouter(kind, row), {"nom": ""}))

        response = editeur_client.post(ajouter(kind, row), {"nom": "Accueil", "courriel": "a@example.fr"})
        assert response.url == parent_page
        contact = row.contacts.get()
        assert (contact.role, contact.formation, contact.courriel) == (
            KINDS[kind].roles[0],
            row.action.formation,
            "a@example.fr",
        )
        assert "Accueil" in page(editeur_client.get(parent_page))
        # a formation's contacts are another kind: the id is not one of them
        assert editeur_client.get(reverse("espace:ligne", args=["contacts", contact.pk])).status_code == 404

        url = reverse("espace:ligne", args=[kind, contact.pk])
        assert editeur_client.post(url, {"nom": "Secrétariat"}).url == parent_page
        contact.refresh_from_db()
        assert contact.nom == "Secrétariat"
        assert editeur_client.post(reverse("espace:supprimer", args=[kind, contact.pk])).url == parent_page
        assert not row.contacts.exists()

    def test_on_a_published_formation_they_publish_at_once(self, editeur_client, parent):
        kind, row, _ = parent
        formation = row.action.formation
        formation.status = FormationStatus.PUBLIEE
        formation.save()
        response = editeur_client.post(ajouter(kind, row), {"nom": "Accueil"}, follow=True)
        assert "Modification enregistrée." in messages_of(response)
        assert row.contacts.get().nom == "Accueil"
        assert not formation.revisions.exists()

        # once a change waits for moderation, the contact is edited in the pending version
        editeur_client.post(reverse("espace:formation", args=[formation.pk]), {"intitule": "Autre"})
        contact = row.contacts.get()
        response = editeur_client.get(reverse("espace:ligne", args=[kind, contact.pk]), follow=True)
        pending = Contact.objects.get(formation=formation.revisions.get(), role=contact.role)
        assert response.redirect_chain[-1][0] == reverse("espace:ligne", args=[kind, pending.pk])


def test_submission_needs_a_validated_adhesion(editeur_client, admin_organisme_client, action):
    formation = action.formation
    url = reverse("espace:formation-soumettre", args=[formation.pk])
    # the editor's organisation has no validated adhésion until its admin's fixture creates it
    formation_page = page(editeur_client.get(reverse("espace:formation", args=[formation.pk])))
    assert "Soumettre au Carif-Oref" in formation_page
    response = admin_organisme_client.post(url, follow=True)
    assert "Formation soumise" in page(response)
    formation.refresh_from_db()
    assert formation.status == FormationStatus.EN_MODERATION
    assert Soumission.objects.get(formation=formation).submitted_by is not None


def test_submission_is_explained_when_the_adhesion_is_not_validated(editeur_client, action):
    formation = action.formation
    Adhesion.objects.filter(organisme=formation.responsable).update(statut=AdhesionStatus.EN_ATTENTE)
    assert "adhésion de" in page(editeur_client.get(reverse("espace:formation", args=[formation.pk])))
    response = editeur_client.post(reverse("espace:formation-soumettre", args=[formation.pk]), follow=True)
    assert "son adhésion doit d&#x27;abord être validée" in page(response)
    formation.refresh_from_db()
    assert formation.status == FormationStatus.BROUILLON


def test_submission_without_action_says_what_is_missing(admin_organisme_client, draft):
    response = admin_organisme_client.post(
        reverse("espace:formation-soumettre", args=[draft.pk]), follow=True
    )
    assert "Ajoutez au moins une action" in page(response)


def test_sessions_in_bulk(editeur_client, action):
    url = reverse("espace:sessions-ajouter", args=[action.pk])
    response = editeur_client.post(url, {"mode": "dates", "dates": "01/09/2025\n31/09/2025"})
    assert "Ligne 2 : « 31/09/2025 » n&#x27;est pas une date" in page(response)
    response = editeur_client.post(
        url, {"mode": "dates", "dates": "01/09/2025, 01/10/2025", "duree_jours": "5"}
    )
    assert response.status_code == 302
    response = editeur_client.post(
        url, {"mode": "mensuel", "premier_debut": "2026-01-05", "dernier_debut": "2026-03-05"}, follow=True
    )
    assert "3 session(s) ajoutée(s)." in messages_of(response)
    assert action.sessions.count() == 5
    assert action.sessions.get(debut=date(2025, 9, 1)).fin == date(2025, 9, 5)


def test_recruitment_closed_for_the_sessions_ticked(editeur_client, action):
    ticked, other = (
        SessionFactory(action=action, etat_recrutement="1"),
        SessionFactory(action=action, etat_recrutement="1"),
    )
    url = reverse("espace:sessions-fermer", args=[action.pk])
    response = editeur_client.post(url, follow=True)
    assert "Cochez les sessions" in page(response)
    editeur_client.post(url, {"sessions": [ticked.pk]})
    assert dict(action.sessions.values_list("pk", "etat_recrutement")) == {ticked.pk: "2", other.pk: "1"}


def test_sessions_carried_over_to_next_year(editeur_client, action):
    SessionFactory(action=action, **saisie.lheo_date("debut", date(2025, 3, 3)))
    url = reverse("espace:sessions-annee-suivante", args=[action.pk])
    response = editeur_client.post(url, {"annee": "2025"}, follow=True)
    assert "1 session(s) reportée(s) sur 2026." in messages_of(response)
    assert action.sessions.filter(debut=date(2026, 3, 3)).exists()
    response = editeur_client.post(url, {"annee": "2019"}, follow=True)
    assert "Aucune session commençant en 2019" in page(response)


def test_duplicates(editeur_client, action):
    SessionFactory(action=action)
    response = editeur_client.post(reverse("espace:action-dupliquer", args=[action.pk]))
    copy = Action.objects.exclude(pk=action.pk).get(formation=action.formation)
    assert response.url == reverse("espace:ligne", args=["actions", copy.pk])
    assert copy.sessions.count() == 1
    response = editeur_client.post(reverse("espace:formation-dupliquer", args=[action.formation.pk]))
    duplicate = Formation.objects.get(intitule=f"{action.formation.intitule} (copie)")
    assert response.url == reverse("espace:formation", args=[duplicate.pk])
    assert duplicate.actions.count() == 2


def test_formation_list_filters(editeur_client, organisme, autre_organisme):
    FormationFactory(responsable=organisme, intitule="Soudeur", status=FormationStatus.PUBLIEE)
    FormationFactory(responsable=organisme, intitule="Cariste", status=FormationStatus.BROUILLON)
    FormationFactory(responsable=autre_organisme, intitule="Boulanger")
    url = reverse("espace:formations")
    listed = page(editeur_client.get(url))
    assert "Soudeur" in listed and "Cariste" in listed and "Boulanger" not in listed
    listed = page(editeur_client.get(url, {"statut": "brouillon"}))
    assert "Cariste" in listed and "Soudeur" not in listed
    listed = page(editeur_client.get(url, {"q": "soud"}))
    assert "Soudeur" in listed and "Cariste" not in listed
    assert editeur_client.get(url, {"organisme": autre_organisme.pk}).status_code == 404


class TestWithReferentiels:
    """Choosers reading the communes and the LHEO dictionaries (loaded once for the class)."""

    @pytest.fixture(autouse=True)
    def _referentiels(self, referentiels):
        pass

    def test_a_funder_is_chosen_in_the_lheo_dictionary(self, editeur_client, action):
        form = page(editeur_client.get(ajouter("financeurs", action)))
        assert "Collectivité territoriale - Conseil régional (2)" in form
        assert "Code(s) obsolète(s)" not in form
        editeur_client.post(
            ajouter("financeurs", action), {"code_financeur": "2", "nb_places_financees": "12"}
        )
        assert list(action.financeurs.values_list("code_financeur", "nb_places_financees")) == [("2", 12)]

    def test_a_commune_fills_the_address(self, editeur_client, action):
        response = editeur_client.post(ajouter("lieux", action), {"nom": "Site", "commune": "Nantx"})
        assert "Aucune commune ne correspond" in page(response)
        editeur_client.post(ajouter("lieux", action), {"nom": "Site", "commune": "Nantes (44000)"})
        lieu = LieuFormation.objects.get(action=action)
        assert (lieu.adresse_ville, lieu.adresse_codepostal, lieu.adresse_departement) == (
            "Nantes",
            "44000",
            "44",
        )
        assert lieu.adresse_code_insee_commune == "44109"
        assert round(float(lieu.adresse_latitude)) == 47
        url = reverse("espace:ligne", args=["lieux", lieu.pk])
        assert 'value="Nantes (44000)"' in page(editeur_client.get(url))

    def test_an_etablissement_fills_the_place(self, editeur_client, action, organisme):
        site = Etablissement.objects.create(
            organisme=organisme,
            siret=organisme.siret,
            nom="Siège",
            adresse_ville="Angers",
            adresse_codepostal="49000",
        )
        editeur_client.post(ajouter("lieux", action), {"etablissement": site.pk})
        lieu = LieuFormation.objects.get(action=action)
        assert (lieu.nom, lieu.siret, lieu.adresse_ville) == ("Siège", organisme.siret, "Angers")

    def test_session_registration_address_from_a_commune(self, editeur_client, action):
        editeur_client.post(ajouter("sessions", action), {"debut": "2025-09-01", "commune": "49000"})
        session = action.sessions.get()
        assert (session.adresse_inscription_ville, session.adresse_inscription_departement) == (
            "Angers",
            "49",
        )

    def test_commune_suggestions(self, editeur_client):
        response = editeur_client.get(reverse("espace:suggestions-communes"), {"commune": "nant"})
        assert '<option value="Nantes (44000)">' in page(response)
        assert (
            page(editeur_client.get(reverse("espace:suggestions-communes"), {"commune": "n"})).strip() == ""
        )


def test_code_and_certification_suggestions(editeur_client):
    Formacode.objects.create(code="22403", libelle="Soudage", version="V14")
    CertificationReferentiel.objects.create(
        type=TypeCertification.RS, code="RS5678", intitule="Habilitation électrique", version="2025"
    )
    codes = page(
        editeur_client.get(reverse("espace:suggestions-codes"), {"code": "soud", "kind": CodeKind.FORMACODE})
    )
    assert '<option value="22403">Soudage</option>' in codes
    found = page(
        editeur_client.get(reverse("espace:suggestions-certifications"), {"certification": "habilit"})
    )
    assert '<option value="RS5678">Habilitation électrique</option>' in found


def test_rows_of_a_formation_waiting_for_moderation_are_edited_in_the_pending_version(
    editeur_client, organisme
):
    published = FormationFactory(responsable=organisme, source__code=Source.ESPACE)
    action = ActionFactory(formation=published, prix_total_ttc=1000)
    url = reverse("espace:ligne", args=["actions", action.pk])
    response = editeur_client.post(url, {"prix_total_ttc": "1200"}, follow=True)
    assert "sera publiée après validation" in page(response)
    pending = Action.objects.get(version_de=action)
    assert response.redirect_chain[0][0] == url
    response = editeur_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("espace:ligne", args=["actions", pending.pk])
    assert 'value="1200.00"' in page(response)
