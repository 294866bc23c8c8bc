"""The staff quality pages: access (staff only), the dashboard's counts and links, the findings'
filters, derogations granted and revoked through the pages (and surviving a run), the runs list,
per-organisation and per-source reports (page, CSV, e-mail)."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from efop.comptes.enums import MemberRole
from efop.qualite import engine, services
from efop.qualite.enums import Declencheur, EtatControle, TypeEnregistrement
from efop.qualite.models import ControleRun, Derogation, EnvoiRapport, Resultat
from efop.referentiels.models import Commune, Territoire
from efop.web.qualite import staff
from tests.comptes.factories import MembreFactory
from tests.offre.factories import OrganismeFactory
from tests.qualite.conftest import formation_en_defaut

from .conftest import csv_rows

REFERENTIELS = ["communes"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]

ANGERS = "49007"


@pytest.fixture
def base(organisme):
    """Two organisations' formations checked: one in Nantes (territory NANTES), one in Angers."""
    territoire = Territoire.objects.create(code="NANTES", nom="Territoire de Nantes")
    territoire.communes.add(*Commune.objects.active().filter(code_insee="44109"))
    nantes = formation_en_defaut(responsable=organisme, intitule="Soudeur à Nantes")
    angers = formation_en_defaut(commune=ANGERS, responsable=OrganismeFactory(), intitule="Cariste à Angers")
    services.controler(Declencheur.NUIT)
    return {"nantes": nantes, "angers": angers}


def staff_urls(base):
    resultat = Resultat.objects.filter(rule="SESSION-DATES-ORDRE").first()
    organisme_pk, source = base["nantes"].responsable_id, base["nantes"].source.code
    return [
        ("get", reverse("qualite:tableau-de-bord")),
        ("get", reverse("qualite:constats")),
        ("get", reverse("qualite:executions")),
        ("get", reverse("qualite:enregistrement", args=[resultat.record_type, resultat.record_id])),
        ("post", reverse("qualite:deroger", args=[resultat.pk])),
        ("get", reverse("qualite:rapport-organisme", args=[organisme_pk])),
        ("get", reverse("qualite:rapport-organisme-csv", args=[organisme_pk])),
        ("post", reverse("qualite:rapport-organisme-envoyer", args=[organisme_pk])),
        ("get", reverse("qualite:rapport-source", args=[source])),
        ("get", reverse("qualite:rapport-source-csv", args=[source])),
        ("post", reverse("qualite:rapport-source-envoyer", args=[source])),
    ]


def test_staff_pages_are_for_staff_only(base, login, admin_organisme_client, documentaliste_client):
    anonymous = login()
    for method, url in staff_urls(base):
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and "/connexion/" in response["Location"], url
        assert getattr(admin_organisme_client, method)(url).status_code == 403, url
    for method, url in staff_urls(base):
        if method == "get":
            assert documentaliste_client.get(url).status_code == 200, url
    assert not Derogation.objects.exists() and not mail.outbox


def test_the_dashboard_counts_and_links_to_the_findings(base, documentaliste_client):
    response = documentaliste_client.get(reverse("qualite:tableau-de-bord"))
    context = response.context
    rule = next(row for row in context["par_regle"] if row["rule"] == "SESSION-DATES-ORDRE")
    assert rule["count"] == 2 and rule["url"].endswith("rule=SESSION-DATES-ORDRE&derogation=sans")
    zones = {(row["zone"].axe, row["zone"].code): row["count"] for row in context["par_zone"]}
    open_nantes = Resultat.objects.without_derogation().filter(formation=base["nantes"]).count()
    assert zones[("territoire", "NANTES")] == zones[("departement", "44")] == open_nantes
    organismes = {row["organisme"].pk: row["count"] for row in context["par_organisme"]}
    assert organismes[base["nantes"].responsable_id] == open_nantes
    sources = {row["source"] for row in context["par_source"]}
    assert sources - {None} == {base["nantes"].source, base["angers"].source}  # None: organisations'

    assert [point["total"] for point in context["tendance"]] == [Resultat.objects.count()]
    assertContains(response, "<svg", html=False)
    assertContains(response, 'href="/qualite/constats/?rule=SESSION-DATES-ORDRE&amp;derogation=sans"')
    listed = documentaliste_client.get(rule["url"])
    assert listed.context["page_obj"].paginator.count == 2


def listed(client, **filters) -> set[tuple[str, int]]:
    response = client.get(reverse("qualite:constats"), filters)
    assert response.status_code == 200
    return {(r.rule, r.formation_id) for r in response.context["page_obj"]}


def test_the_findings_list_filters(base, documentaliste_client):
    nantes, angers = base["nantes"], base["angers"]
    blocking = "SESSION-DATES-ORDRE"
    assert listed(documentaliste_client, rule=blocking) == {(blocking, nantes.pk), (blocking, angers.pk)}
    assert listed(documentaliste_client, rule=blocking, zone="territoire:NANTES") == {(blocking, nantes.pk)}
    assert listed(documentaliste_client, rule=blocking, zone="departement:49") == {(blocking, angers.pk)}
    assert listed(documentaliste_client, rule=blocking, source=angers.source.code) == {(blocking, angers.pk)}
    assert listed(documentaliste_client, rule=blocking, organisme=nantes.responsable_id) == {
        (blocking, nantes.pk)
    }
    assert all(r == blocking for r, _ in listed(documentaliste_client, level="bloquant"))
    resultat = Resultat.objects.get(rule=blocking, formation=nantes)
    services.accorder(resultat, "vu", None)
    assert listed(documentaliste_client, rule=blocking, derogation="avec") == {(blocking, nantes.pk)}
    assert listed(documentaliste_client, rule=blocking, derogation="sans") == {(blocking, angers.pk)}
    response = documentaliste_client.get(reverse("qualite:constats"), {"organisme": 999999})
    assertContains(response, "Aucun organisme ne porte ce numéro")


def test_the_findings_list_is_blocking_first_and_paginated(base, documentaliste_client, monkeypatch):
    response = documentaliste_client.get(reverse("qualite:constats"))
    levels = [r.level for r in response.context["page_obj"]]
    assert levels[:2] == ["bloquant", "bloquant"] and levels[-1] == "info"
    assert response.context["page_obj"].paginator.count == Resultat.objects.count()
    monkeypatch.setattr(staff, "PAGE_SIZE", 2)
    response = documentaliste_client.get(reverse("qualite:constats"), {"derogation": "sans", "page": 2})
    assert response.context["page_obj"].number == 2 and len(response.context["page_obj"]) <= 2
    assertContains(response, "?derogation=sans&amp;page=1")


def test_a_derogation_granted_through_the_pages_survives_a_run_and_can_be_revoked(
    base, documentaliste_client
):
    resultat = Resultat.objects.get(rule="SESSION-DATES-ORDRE", formation=base["nantes"])
    page = reverse("qualite:enregistrement", args=[resultat.record_type, resultat.record_id])
    response = documentaliste_client.post(reverse("qualite:deroger", args=[resultat.pk]), {"motif": ""})
    assert response.status_code == 400 and not Derogation.objects.exists()
    assertContains(response, "motif-SESSION-DATES-ORDRE-erreur", status_code=400)

    response = documentaliste_client.post(
        reverse("qualite:deroger", args=[resultat.pk]),
        {"motif": "Report validé par le financeur"},
        follow=True,
    )
    assert response.redirect_chain == [(page, 302)]
    assertContains(response, "Dérogation accordée")
    derogation = Derogation.objects.get()
    assert (
        derogation.created_by == response.context["user"]
        and derogation.motif == "Report validé par le financeur"
    )
    assertContains(response, "« Report validé par le financeur »")

    engine.run()  # a later run keeps the derogation and its finding
    assert (
        Resultat.objects.filter(rule="SESSION-DATES-ORDRE", formation=base["nantes"])
        .with_derogation()
        .count()
        == 1
    )
    assert listed(documentaliste_client, rule="SESSION-DATES-ORDRE", derogation="sans") == {
        ("SESSION-DATES-ORDRE", base["angers"].pk)
    }

    response = documentaliste_client.post(reverse("qualite:revoquer", args=[derogation.pk]), follow=True)
    assertContains(response, "Dérogation révoquée")
    assert not Derogation.objects.exists()
    history = response.context["historique"]
    assert [c.operation for c in history] == ["suppression", "creation"]
    assert all(c.auteur == derogation.created_by for c in history)


def test_the_runs_list_shows_their_progress(base, documentaliste_client):
    ControleRun.objects.create(declencheur=Declencheur.NUIT, complet=True, formations=200, faites=50)
    response = documentaliste_client.get(reverse("qualite:executions"))
    runs = list(response.context["page_obj"])
    assert [run.etat for run in runs] == [EtatControle.EN_COURS, EtatControle.TERMINE]
    assertContains(response, '<progress max="100" value="25"')
    assertContains(response, "50 / 200")
    assertContains(response, "Contrôle de nuit")


def test_organisation_and_source_reports(base, documentaliste_client):
    nantes = base["nantes"]
    response = documentaliste_client.get(reverse("qualite:rapport-organisme", args=[nantes.responsable_id]))
    assertContains(response, "Envoyer à l'organisme")
    assertContains(response, "SESSION-DATES-ORDRE")
    rows = csv_rows(
        documentaliste_client.get(reverse("qualite:rapport-organisme-csv", args=[nantes.responsable_id]))
    )
    expected = Resultat.objects.of_organismes([nantes.responsable_id]).without_derogation()
    assert {(row["rule"], row["record_type"], int(row["record_id"])) for row in rows} == set(
        expected.values_list("rule", "record_type", "record_id")
    )
    assert {row["source"] for row in rows} == {nantes.source.code}
    blocking = next(row for row in rows if row["rule"] == "SESSION-DATES-ORDRE")
    assert blocking["level"] == "bloquant" and blocking["record_type"] == TypeEnregistrement.SESSION
    assert blocking["field"] and blocking["value"] and blocking["message"]

    rows = csv_rows(
        documentaliste_client.get(reverse("qualite:rapport-source-csv", args=[base["angers"].source.code]))
    )
    assert {int(row["record_id"]) for row in rows if row["record_type"] == "formation"} == {base["angers"].pk}


def test_sending_reports_from_the_pages(base, documentaliste_client, admin_organisme):
    nantes = base["nantes"]
    MembreFactory(organisme=nantes.responsable, role=MemberRole.EDITEUR)
    response = documentaliste_client.post(
        reverse("qualite:rapport-organisme-envoyer", args=[nantes.responsable_id]), follow=True
    )
    assertContains(response, f"Rapport envoyé à {admin_organisme.email}")
    (message,) = mail.outbox
    assert message.to == [admin_organisme.email] and len(message.attachments) == 1
    assertContains(response, "Envois précédents")

    source = base["angers"].source.code
    response = documentaliste_client.post(
        reverse("qualite:rapport-source-envoyer", args=[source]), {"destinataire": "pas une adresse"}
    )
    assert response.status_code == 400 and len(mail.outbox) == 1
    response = documentaliste_client.post(
        reverse("qualite:rapport-source-envoyer", args=[source]),
        {"destinataire": "qualite@afpa.example.fr"},
        follow=True,
    )
    assertContains(response, "Rapport envoyé à qualite@afpa.example.fr")
    assert mail.outbox[1].to == ["qualite@afpa.example.fr"]
    assert EnvoiRapport.objects.count() == 2


def test_an_organisation_without_admin_is_told(base, documentaliste_client):
    angers = base["angers"]
    response = documentaliste_client.post(
        reverse("qualite:rapport-organisme-envoyer", args=[angers.responsable_id]), follow=True
    )
    assertContains(response, "aucun administrateur actif")
    assertNotContains(response, "Envois précédents")
    assert not mail.outbox
