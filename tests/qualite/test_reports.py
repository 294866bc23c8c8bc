"""Recorded runs (command, nightly, import hook, failure), the snapshots of the trend, derogations
granted and revoked in history, reports e-mailed, and the completeness score."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command

from efop.comptes.enums import MemberRole
from efop.flux.importer import import_lheo
from efop.historique.enums import Operation
from efop.historique.models import Changement
from efop.offre.models import Session
from efop.qualite import engine, reports, services
from efop.qualite.enums import Axe, Declencheur, EtatControle
from efop.qualite.models import ControleRun, Derogation, EnvoiRapport, Releve, Resultat
from efop.qualite.report import COLUMNS
from efop.referentiels.models import Commune, Territoire
from tests.comptes.factories import MembreFactory, UserFactory
from tests.offre.factories import FormationFactory, OrganismeFactory

from .conftest import formation_en_defaut

REFERENTIELS = ["communes"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]

ANGERS = "49007"


@pytest.fixture
def territoire():
    territoire = Territoire.objects.create(code="NANTES", nom="Territoire de Nantes")
    territoire.communes.add(*Commune.objects.active().filter(code_insee="44109"))
    return territoire


def test_command_run_records_the_run_and_a_snapshot(territoire):
    formation_en_defaut()
    formation_en_defaut(commune=ANGERS)
    call_command("qualite", "run", "-v0")
    (run,) = ControleRun.objects.all()
    assert (run.declencheur, run.etat, run.complet) == (Declencheur.DEMANDE, EtatControle.TERMINE, True)
    assert run.formations == run.faites == 2 and run.percent == 100
    assert run.counts["SESSION-DATES-ORDRE"] == 2
    assert run.niveaux["bloquant"] >= 2 and run.niveaux["info"] >= 2  # completeness of both
    assert run.created == Resultat.objects.count() and run.finished_at >= run.started_at
    ensemble = Releve.objects.filter(run=run, axe=Axe.ENSEMBLE, rule="SESSION-DATES-ORDRE")
    assert sum(ensemble.values_list("count", flat=True)) == 2
    by_zone = {(r.axe, r.zone): r.count for r in Releve.objects.filter(run=run, rule="SESSION-DATES-ORDRE")}
    assert by_zone[(Axe.DEPARTEMENT, "44")] == 1 and by_zone[(Axe.DEPARTEMENT, "49")] == 1
    assert by_zone[(Axe.TERRITOIRE, "NANTES")] == 1


def test_a_run_of_one_source_is_recorded_without_snapshot():
    formation = formation_en_defaut()
    formation_en_defaut()
    call_command("qualite", "run", "--source", formation.source.code, "-v0")
    run = ControleRun.objects.get()
    assert (run.complet, run.source, run.formations) == (False, formation.source, 1)
    assert not Releve.objects.exists()


def test_a_dry_run_records_nothing():
    formation_en_defaut()
    call_command("qualite", "run", "--dry-run", "-v0")
    assert not ControleRun.objects.exists()


def test_nightly_command_records_a_night_run(capsys):
    formation_en_defaut()
    call_command("qualite", "nightly", "-v0")
    run = ControleRun.objects.get()
    assert (run.declencheur, run.complet, run.etat) == (Declencheur.NUIT, True, EtatControle.TERMINE)
    assert "1 formation(s) contrôlée(s)." in capsys.readouterr().out
    assert Releve.objects.filter(run=run, axe=Axe.ENSEMBLE).exists()


def test_a_failed_run_is_recorded_with_its_error():
    formation_en_defaut()

    def interrupted(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.controler(Declencheur.DEMANDE, progress=interrupted)
    run = ControleRun.objects.get()
    assert run.etat == EtatControle.ECHOUE and "KeyboardInterrupt" in run.error and run.finished_at
    assert run.faites == 1  # how far it went


def test_the_import_hook_records_an_import_run(generator, write_flux):
    trees = list(generator.formations(2))
    trees[0]["action"][0]["session"][0]["periode"] = [{"debut": ["20300301"], "fin": ["20300101"]}]
    import_lheo(write_flux(trees), source="greta")
    run = ControleRun.objects.get()
    assert run.declencheur == Declencheur.IMPORT and run.import_run.source.code == "greta"
    assert run.formations == 2 and run.counts["SESSION-DATES-ORDRE"] == 1 and not run.complet


def test_the_trend_follows_two_full_runs():
    first, second = formation_en_defaut(), formation_en_defaut()
    before, _ = services.controler(Declencheur.NUIT)
    session = Session.objects.get(action__formation=first)
    Session.objects.filter(pk=session.pk).update(fin=session.debut, fin_brut=session.debut_brut)
    after, _ = services.controler(Declencheur.NUIT)
    trend = reports.trend()
    assert [point["run"] for point in trend] == [before, after]
    assert trend[0]["total"] - trend[1]["total"] == 1  # one blocking finding fixed
    assert [point["levels"][0] for point in trend] == [2, 1]  # blocking ones
    assert trend[0]["height"] == 100 and trend[1]["height"] < 100
    assert Releve.objects.filter(run=before).count() > 0 and Releve.objects.filter(run=after).count() > 0
    assert second.pk  # still failing in both runs


def test_derogations_are_recorded_in_history_and_survive_runs():
    formation = formation_en_defaut()
    engine.run([formation.pk])
    resultat = Resultat.objects.get(rule="SESSION-DATES-ORDRE")
    staff = UserFactory()
    derogation = services.accorder(resultat, "  Session reportée, dates confirmées  ", staff)
    assert derogation.motif == "Session reportée, dates confirmées" and derogation.created_by == staff
    with pytest.raises(services.DerogationError, match="déjà une dérogation"):
        services.accorder(resultat, "encore", staff)
    engine.run([formation.pk])
    assert Resultat.objects.filter(rule="SESSION-DATES-ORDRE").with_derogation().count() == 1
    services.revoquer(derogation)
    assert not Derogation.objects.exists()
    history = services.historique_derogations(resultat.record_type, resultat.record_id)
    assert [c.operation for c in history] == [Operation.SUPPRESSION, Operation.CREATION]
    assert all(c.formation_id == formation.pk for c in history)
    assert (
        Changement.objects.filter(
            content_type=ContentType.objects.get_for_model(Derogation), formation_id=formation.pk
        ).count()
        == 2
    )


def test_a_derogation_needs_a_reason():
    formation = formation_en_defaut()
    engine.run([formation.pk])
    with pytest.raises(services.DerogationError, match="motif"):
        services.accorder(Resultat.objects.get(rule="SESSION-DATES-ORDRE"), "   ", None)
    assert not Derogation.objects.exists()


def _attachment_rows(message) -> list[dict]:
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".csv") and mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(content)))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def test_an_organisation_report_goes_to_its_admins_with_the_csv():
    organisme, autre = OrganismeFactory(raison_sociale="CFA du Maine"), OrganismeFactory()
    formation = formation_en_defaut(responsable=organisme)
    formation_en_defaut(responsable=autre)
    admin = MembreFactory(organisme=organisme, role=MemberRole.ADMIN).user
    MembreFactory(organisme=organisme)  # an editor: not sent to
    engine.run()
    staff = UserFactory()
    envoi = services.envoyer_rapport(organisme=organisme, user=staff)
    (message,) = mail.outbox
    assert message.to == [admin.email] and "CFA du Maine" in message.subject
    rows = _attachment_rows(message)
    assert {row["record_id"] for row in rows if row["record_type"] == "formation"} == {str(formation.pk)}
    assert "SESSION-DATES-ORDRE" in {row["rule"] for row in rows}
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html" and "SESSION-DATES-ORDRE" in html and "SESSION-DATES-ORDRE" in message.body
    assert "/espace/qualite/" in message.body
    assert EnvoiRapport.objects.get() == envoi
    assert (envoi.organisme, envoi.destinataires, envoi.constats, envoi.envoye_par) == (
        organisme,
        [admin.email],
        len(rows),
        staff,
    )


def test_an_organisation_without_admin_gets_no_report():
    organisme = OrganismeFactory()
    with pytest.raises(services.EnvoiError, match="aucun administrateur"):
        services.envoyer_rapport(organisme=organisme)
    assert not mail.outbox and not EnvoiRapport.objects.exists()


def test_a_source_report_goes_to_the_typed_address():
    formation = formation_en_defaut()
    formation_en_defaut()  # another source
    engine.run()
    services.envoyer_rapport(source=formation.source, destinataire="flux@greta.example.fr")
    (message,) = mail.outbox
    assert message.to == ["flux@greta.example.fr"]
    assert {row["source"] for row in _attachment_rows(message)} == {formation.source.code}
    assert EnvoiRapport.objects.get().source == formation.source


def test_completeness_score_is_the_rules_own():
    complete_enough = FormationFactory(objectif="Souder", contenu="Arc", urls=["https://exemple.fr"])
    bare = FormationFactory(objectif="", contenu="", urls=[])
    engine.run([complete_enough.pk, bare.pk])
    scores = reports.completude_of([complete_enough.pk, bare.pk])
    assert scores[complete_enough.pk][0] > scores[bare.pk][0]
    assert "le contenu" in scores[bare.pk][1] and "le contenu" not in scores[complete_enough.pk][1]
    stored = Resultat.objects.get(rule="FORMATION-COMPLETUDE", formation=bare)
    assert stored.value == f"{scores[bare.pk][0]} %"
