"""The staff pages of bulk changes: staff only; form → preview (count, every change, pages) →
confirm → applied → undone; a refused value changes nothing and says why."""

import pytest
from django.urls import reverse

from efop.masse.enums import EtatMasse
from efop.masse.models import ModificationMasse
from efop.offre.models import Action

pytestmark = pytest.mark.django_db
REFERENTIELS = ["lheo"]
RYTHME = "Temps plein, 35 h par semaine"


def _form(requete, **values):
    return {
        "requete": requete.pk,
        "operation": "definir",
        "champ": "offre.Action:rythme",
        "valeur": RYTHME,
        "raison": "Harmonisation demandée par la Région",
        **values,
    }


@pytest.mark.parametrize("name", ["masse:liste", "masse:nouvelle"])
def test_pages_are_for_staff_only(client, admin_organisme_client, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # to the login page
    assert admin_organisme_client.get(url).status_code == 403


def test_actions_are_for_staff_only(referentiels, requete, documentaliste, admin_organisme_client):
    from efop.masse import services

    modification = services.preparer(
        auteur=documentaliste,
        operation="vider",
        parametres={"modele": "offre.Action", "champ": "rythme"},
        raison="Essai",
        requete=requete,
    )
    for name in ("masse:apercu", "masse:appliquer", "masse:annuler"):
        response = admin_organisme_client.post(reverse(name, args=[modification.pk]))
        assert response.status_code in (403, 405)
    modification.refresh_from_db()
    assert modification.etat == EtatMasse.PREVISUALISEE


def test_preview_confirm_and_undo(referentiels, requete, documentaliste_client):
    before = dict(Action.objects.values_list("pk", "rythme"))
    response = documentaliste_client.post(reverse("masse:nouvelle"), _form(requete))
    modification = ModificationMasse.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "masse:apercu", args=[modification.pk]
    )
    assert dict(Action.objects.values_list("pk", "rythme")) == before  # nothing written yet

    page = documentaliste_client.get(response["Location"]).content.decode()
    assert f"<strong>{modification.nb_changements}</strong> changement(s)" in page
    assert page.count(RYTHME) >= min(modification.nb_changements, 50)
    assert "Confirmer et appliquer" in page

    documentaliste_client.post(reverse("masse:appliquer", args=[modification.pk]))
    assert set(Action.objects.values_list("rythme", flat=True)) == {RYTHME}
    listing = documentaliste_client.get(reverse("masse:liste")).content.decode()
    assert "Harmonisation demandée par la Région" in listing and "Annuler la modification" in listing

    documentaliste_client.post(reverse("masse:annuler", args=[modification.pk]))
    assert dict(Action.objects.values_list("pk", "rythme")) == before
    modification.refresh_from_db()
    assert modification.etat == EtatMasse.ANNULEE


def test_a_refused_value_says_why_and_changes_nothing(referentiels, requete, documentaliste_client):
    response = documentaliste_client.post(
        reverse("masse:nouvelle"), _form(requete, champ="offre.Session:etat_recrutement", valeur="99")
    )
    assert response.status_code == 400
    assert "Valeur refusée pour « État du recrutement »" in response.content.decode()
    assert not ModificationMasse.objects.exists()


def test_the_preview_is_paginated(referentiels, requete, documentaliste_client, etiquette):
    documentaliste_client.post(
        reverse("masse:nouvelle"), _form(requete, operation="ajouter_etiquette", etiquette=etiquette.code)
    )
    modification = ModificationMasse.objects.get()
    url = reverse("masse:apercu", args=[modification.pk])
    first = documentaliste_client.get(url)
    assert first.context["page_obj"].paginator.count == modification.nb_changements


def test_the_preview_warns_when_the_next_import_rewrites_the_change(
    referentiels, requete, documentaliste_client
):
    from efop.offre.models import Financeur

    ancien = Financeur.objects.values_list("code_financeur", flat=True).first()
    documentaliste_client.post(
        reverse("masse:nouvelle"),
        _form(
            requete,
            operation="changer_financeur",
            ancien_code=ancien,
            nouveau_code="16" if ancien != "16" else "2",
        ),
    )
    modification = ModificationMasse.objects.get()
    page = documentaliste_client.get(reverse("masse:apercu", args=[modification.pk])).content.decode()
    assert "sera remplacé par ce que le flux envoie au prochain import" in page
