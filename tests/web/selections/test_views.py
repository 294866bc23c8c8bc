"""The staff's selections pages: tags with their counts, saved queries (form, preview, apply now,
delete), a formation's tags by hand, and who may reach them."""

import pytest
from django.urls import reverse

from efop.historique.models import Changement
from efop.offre.models import Formation
from efop.selections.enums import OrigineEtiquetage
from efop.selections.models import Etiquetage, Etiquette, RequeteSauvegardee

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(importer, trees, generator):
    importer(trees)
    return trees


@pytest.fixture
def big_offer(offer, generator, write_flux):
    from efop.flux.importer import import_lheo

    import_lheo(write_flux(list(generator.formations(12)), name="afpa.xml"), source="afpa")
    return offer


def test_staff_only(login, editeur_client, r2f, requete, offer):
    formation = Formation.objects.first()
    gets = [
        reverse("selections:etiquettes"),
        reverse("selections:etiquette-new"),
        reverse("selections:etiquette-edit", args=[r2f.pk]),
        reverse("selections:requetes"),
        reverse("selections:requete-new"),
        reverse("selections:requete", args=[requete.pk]),
        reverse("selections:formation", args=[formation.pk]),
    ]
    for url in gets:
        assert login().get(url).status_code == 302  # to the login page
        assert editeur_client.get(url).status_code == 403
    posts = [
        reverse("selections:requete-appliquer", args=[requete.pk]),
        reverse("selections:requete-supprimer", args=[requete.pk]),
        reverse("selections:etiquette-delete", args=[r2f.pk]),
        reverse("selections:formation-retirer", args=[formation.pk, r2f.pk]),
    ]
    before = Etiquetage.objects.count()
    for url in posts:
        assert editeur_client.post(url).status_code == 403
    response = editeur_client.post(
        reverse("selections:formation-etiqueter", args=[formation.pk]), {"etiquette": r2f.pk}
    )
    assert response.status_code == 403
    assert Etiquetage.objects.count() == before and RequeteSauvegardee.objects.exists()
    # The workspace never shows tags management to an organisation's users.
    assert "/selections/" not in editeur_client.get(reverse("espace:tableau-de-bord")).content.decode()


def test_staff_create_edit_and_delete_a_tag(documentaliste_client, offer):
    response = documentaliste_client.post(
        reverse("selections:etiquette-new"), {"libelle": "PRF 2026 lot 3", "code": "prf-2026-lot-3"}
    )
    assert response.status_code == 302
    etiquette = Etiquette.objects.get(code="prf-2026-lot-3")
    refused = documentaliste_client.post(
        reverse("selections:etiquette-new"), {"libelle": "X", "code": "prf 2026"}
    )
    assert refused.status_code == 400 and Etiquette.objects.count() == 1

    formation = Formation.objects.first()
    documentaliste_client.post(
        reverse("selections:formation-etiqueter", args=[formation.pk]), {"etiquette": etiquette.pk}
    )
    page = documentaliste_client.get(reverse("selections:etiquettes")).content.decode()
    assert "PRF 2026 lot 3" in page and "<td>1</td>" in page

    documentaliste_client.post(
        reverse("selections:etiquette-edit", args=[etiquette.pk]),
        {"libelle": "PRF 2026 lot 3 (Nantes)", "code": etiquette.code},
    )
    etiquette.refresh_from_db()
    assert etiquette.libelle == "PRF 2026 lot 3 (Nantes)"

    confirm = documentaliste_client.get(reverse("selections:etiquette-delete", args=[etiquette.pk]))
    assert "retirée de 1 formation" in confirm.content.decode()
    documentaliste_client.post(reverse("selections:etiquette-delete", args=[etiquette.pk]))
    assert not Etiquette.objects.exists() and not Etiquetage.objects.exists()
    assert (
        Changement.objects.for_formation(formation.pk).filter(content_type__model="etiquetage").count() == 2
    )


def _requete_data(trees, **extra):
    return {"nom": "R2F du domaine", "code": "r2f-domaine", "formacodes": trees.domaine, "rayon": 30, **extra}


def test_saved_query_form_preview_save_and_apply(documentaliste_client, offer, r2f):
    url = reverse("selections:requete-new")
    preview = documentaliste_client.get(url, {**_requete_data(offer), "apercu": "1"})
    content = preview.content.decode()
    assert preview.status_code == 200 and "Aperçu : 2 formations" in content
    assert not RequeteSauvegardee.objects.exists()  # a preview saves nothing

    response = documentaliste_client.post(url, _requete_data(offer, etiquette=r2f.pk, statuts=["publiee"]))
    requete = RequeteSauvegardee.objects.get()
    assert response.url == reverse("selections:requete", args=[requete.pk])
    assert requete.criteres == {"formacodes": [offer.domaine], "statuts": ["publiee"]}

    applied = documentaliste_client.post(
        reverse("selections:requete-appliquer", args=[requete.pk]), follow=True
    )
    assert "posée sur 2 formation(s), retirée de 0" in applied.content.decode()
    assert Etiquetage.objects.filter(origine=OrigineEtiquetage.REQUETE, requete=requete).count() == 2
    detail = documentaliste_client.get(reverse("selections:requete", args=[requete.pk])).content.decode()
    assert "Aperçu : 2 formations" in detail and 'fr-badge--info">R2F<' in detail

    edit = documentaliste_client.get(reverse("selections:requete-edit", args=[requete.pk])).content.decode()
    assert f'value="{offer.domaine}"' in edit  # the form shows the saved criteria


def test_saved_query_preview_is_paginated(documentaliste_client, big_offer):
    page = documentaliste_client.get(
        reverse("selections:requete-new"), {"nom": "Tout", "code": "tout", "rayon": 30, "apercu": "1"}
    ).content.decode()
    total = Formation.objects.count()
    assert total > 20 and f"Aperçu : {total} formations" in page and "Page suivante" in page
    assert "csrfmiddlewaretoken" not in page.split("Page suivante")[0].rsplit("href=", 1)[1]
    second = documentaliste_client.get(
        reverse("selections:requete-new"),
        {"nom": "Tout", "code": "tout", "rayon": 30, "apercu": "1", "page": 2},
    ).content.decode()
    assert "2 / 2" in second


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organismes", "12345678900012", "SIRET invalide : 12345678900012"),
        ("romes", "M18-05", "Code non reconnu : M18-05"),
        ("code", "r2f domaine", "Code"),
        ("lieu", "Zzzzville-sur-Rien", "Aucune commune ne correspond à « Zzzzville-sur-Rien »"),
        ("debut_avant", "2020-01-01", "Cette date doit suivre la date « Début à partir du »"),
    ],
)
def test_bad_criteria_are_refused_with_a_clear_message(documentaliste_client, offer, field, value, message):
    data = {**_requete_data(offer), "debut_apres": "2021-01-01", field: value}
    response = documentaliste_client.post(reverse("selections:requete-new"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not RequeteSauvegardee.objects.exists()


def test_manual_tags_on_the_formation_page_and_on_the_moderation_page(
    documentaliste_client, requete, offer, r2f
):
    formation = Formation.objects.get(numero="AF_0000001")  # also tagged by the query
    url = reverse("selections:formation", args=[formation.pk])
    documentaliste_client.post(
        reverse("selections:formation-etiqueter", args=[formation.pk]), {"etiquette": r2f.pk}
    )
    page = documentaliste_client.get(url).content.decode()
    assert "à la main par" in page and "par la requête" in page

    moderation = documentaliste_client.get(
        reverse("moderation:formation", args=[formation.pk])
    ).content.decode()
    assert '<p class="fr-tag">R2F</p>' in moderation and url in moderation
    assert "Étiquetage « R2F »" in moderation  # in the formation's history

    documentaliste_client.post(reverse("selections:formation-retirer", args=[formation.pk, r2f.pk]))
    assert list(formation.etiquetages.values_list("origine", flat=True)) == [OrigineEtiquetage.REQUETE]
    again = documentaliste_client.post(
        reverse("selections:formation-retirer", args=[formation.pk, r2f.pk]), follow=True
    )
    assert "se retire en changeant la requête" in again.content.decode()
    assert formation.etiquetages.count() == 1


def test_deleting_a_query_takes_its_tags_off(documentaliste_client, requete, offer):
    assert Etiquetage.objects.count() == 2
    documentaliste_client.post(reverse("selections:requete-supprimer", args=[requete.pk]))
    assert not RequeteSauvegardee.objects.exists() and not Etiquetage.objects.exists()


def test_a_query_whose_criteria_cannot_be_read_says_so_and_changes_nothing(
    documentaliste_client, requete, offer
):
    RequeteSauvegardee.objects.filter(pk=requete.pk).update(criteres={"financeur": ["10"]})
    before = Etiquetage.objects.count()
    message = "Critère inconnu : financeur"
    assert (
        f"critères à corriger : {message}"
        in documentaliste_client.get(reverse("selections:requetes")).content.decode()
    )
    assert (
        message
        in documentaliste_client.get(reverse("selections:requete", args=[requete.pk])).content.decode()
    )
    applied = documentaliste_client.post(
        reverse("selections:requete-appliquer", args=[requete.pk]), follow=True
    )
    assert f"Requête non appliquée, rien n&#x27;est changé : {message}" in applied.content.decode()
    edit = documentaliste_client.get(reverse("selections:requete-edit", args=[requete.pk]))
    assert (
        edit.status_code == 200
        and "Les critères enregistrés ne peuvent pas être lus" in edit.content.decode()
    )
    assert Etiquetage.objects.count() == before
