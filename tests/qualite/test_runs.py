"""Runs, stored results, derogations, the CSV report, the command and the hooks (import, submission)."""

import copy
import csv
import datetime

import pytest
from django.core.management import call_command

from efop.flux import importer
from efop.flux.importer import import_lheo
from efop.lheo.errors import LheoFileError
from efop.moderation import workflow
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation, Session
from efop.organismes.models import Organisme
from efop.paths import PROJECT_DIR
from efop.qualite import engine
from efop.qualite.enums import EtatControle
from efop.qualite.models import ControleRun, Derogation, Resultat
from efop.qualite.report import COLUMNS
from tests.comptes.factories import MembreFactory, UserFactory
from tests.offre.factories import ActionFactory, FormationFactory, OrganismeFactory, SessionFactory

pytestmark = pytest.mark.django_db

# No référentiel is loaded here: the rules that need one are skipped, the others run.


def reversed_dates(formation):
    """Give `formation` one session that ends before it starts (SESSION-DATES-ORDRE, blocking)."""
    return SessionFactory(
        action=ActionFactory(formation=formation),
        debut=datetime.date(2030, 3, 1),
        debut_brut="20300301",
        fin=datetime.date(2030, 1, 1),
        fin_brut="20300101",
    )


def test_rules_that_need_a_missing_referentiel_are_skipped():
    formation = FormationFactory()
    report = engine.run([formation.pk])
    assert {"CERTIF-INCONNUE", "LIEU-COMMUNE-INCONNUE", "CODE-ROME-INCONNU"} <= {r.id for r in report.skipped}
    assert "SESSION-DATES-ORDRE" not in {r.id for r in report.skipped}


def test_a_rerun_writes_only_what_changed():
    formation = FormationFactory()
    session = reversed_dates(formation)
    first = engine.run([formation.pk])
    assert first.counts["SESSION-DATES-ORDRE"] == 1 and first.created > 0
    ids = set(Resultat.objects.values_list("pk", flat=True))
    again = engine.run([formation.pk])
    assert (again.created, again.deleted) == (0, 0)
    assert set(Resultat.objects.values_list("pk", flat=True)) == ids
    Session.objects.filter(pk=session.pk).update(fin=datetime.date(2030, 6, 1), fin_brut="20300601")
    fixed = engine.run([formation.pk])
    assert (fixed.created, fixed.deleted) == (0, 1)
    assert not Resultat.objects.filter(rule="SESSION-DATES-ORDRE").exists()


def test_a_dry_run_stores_nothing():
    formation = FormationFactory()
    reversed_dates(formation)
    report = engine.run([formation.pk], dry_run=True)
    assert report.counts["SESSION-DATES-ORDRE"] == 1
    assert not Resultat.objects.exists()


def test_a_run_only_replaces_the_results_of_the_formations_it_checks():
    checked, other = FormationFactory(), FormationFactory()
    reversed_dates(checked), reversed_dates(other)
    engine.run()
    Formation.objects.filter(pk=other.pk).update(intitule="Non renseigné")
    engine.run([checked.pk])
    assert Resultat.objects.filter(formation=other, rule="SESSION-DATES-ORDRE").exists()
    assert not Resultat.objects.filter(formation=other, rule="FORMATION-TEXTE-FICTIF").exists()


def test_blocking_findings_keep_a_draft_from_being_submitted_until_staff_override():
    organisme = OrganismeFactory()
    editeur = MembreFactory(organisme=organisme, user=UserFactory(email="editeur@organisme.test")).user
    draft = FormationFactory(status=FormationStatus.BROUILLON, responsable=organisme)
    session = reversed_dates(draft)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.submit(draft, editeur)
    assert "SESSION-DATES-ORDRE" in str(refused.value)
    assert "se termine le 01/01/2030, avant son début le 01/03/2030" in str(refused.value)
    draft.refresh_from_db()
    assert draft.status == FormationStatus.BROUILLON
    Derogation.objects.create(
        rule="SESSION-DATES-ORDRE", record_type="session", record_id=session.pk, motif="ok"
    )
    assert workflow.submit(draft, editeur)


def test_report_writes_one_row_per_finding_without_derogations(tmp_path):
    formation = FormationFactory(intitule="-")
    session = reversed_dates(formation)
    engine.run()
    Derogation.objects.create(
        rule="FORMATION-TEXTE-FICTIF", record_type="formation", record_id=formation.pk, motif="x"
    )
    path = tmp_path / "constats.csv"
    call_command("qualite", "report", "--format", "csv", "--output", str(path))
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    dates = [row for row in rows if row["rule"] == "SESSION-DATES-ORDRE"]
    assert dates == [
        {
            "rule": "SESSION-DATES-ORDRE",
            "level": "bloquant",
            "record_type": "session",
            "record_id": str(session.pk),
            "source": formation.source.code,
            "field": "fin",
            "value": "20300101",
            "message": dates[0]["message"],
        }
    ]
    assert "FORMATION-TEXTE-FICTIF" not in {row["rule"] for row in rows}
    assert len(rows) == Resultat.objects.without_derogation().count()


def test_command_run_prints_counts_by_rule(capsys):
    formation = FormationFactory()
    reversed_dates(formation)
    FormationFactory()  # another source
    call_command("qualite", "run", "--source", formation.source.code, "--dry-run", "-v0")
    out = capsys.readouterr().out
    assert "1 formation(s) contrôlée(s)." in out
    assert "SESSION-DATES-ORDRE" in out and "Simulation" in out
    assert not Resultat.objects.exists()
    call_command("qualite", "run", "-v0")
    assert "2 formation(s) contrôlée(s)." in capsys.readouterr().out
    assert Resultat.objects.filter(rule="SESSION-DATES-ORDRE").count() == 1


def test_command_regles_lists_every_rule_as_the_readme_does(capsys):
    call_command("qualite", "regles")
    table = capsys.readouterr().out
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert table.strip() in readme, "README: paste the output of `efop qualite regles`"


@pytest.fixture
def flux(generator, write_flux):
    trees = list(generator.formations(3))
    trees[0]["action"][0]["session"][0]["periode"] = [{"debut": ["20300301"], "fin": ["20300101"]}]
    return trees


def _session_of(tree) -> Session:
    return Session.objects.get(numero=tree["action"][0]["session"][0]["@numero"])


def test_import_runs_the_controls_and_derogations_survive_a_reimport(flux, write_flux):
    import_lheo(write_flux(flux), source="greta")
    session = _session_of(flux[0])
    (resultat,) = Resultat.objects.filter(rule="SESSION-DATES-ORDRE")
    assert (resultat.record_type, resultat.record_id) == ("session", session.pk)
    Derogation.objects.create(
        rule="SESSION-DATES-ORDRE", record_type="session", record_id=session.pk, motif="vu"
    )
    changed = copy.deepcopy(flux)
    changed[0]["intitule-formation"] = ["Soudeur assembleur"]
    report = import_lheo(write_flux(changed, name="v2.xml"), source="greta")
    assert report.counts["modifiees"] == 1
    assert _session_of(flux[0]).pk == session.pk
    (again,) = Resultat.objects.filter(rule="SESSION-DATES-ORDRE")
    assert again.record_id == session.pk
    assert not Resultat.objects.filter(rule="SESSION-DATES-ORDRE").without_derogation().exists()
    engine.run()
    assert Resultat.objects.filter(rule="SESSION-DATES-ORDRE").with_derogation().count() == 1


def _responsable(tree, nda: str):
    (responsable,) = tree["organisme-formation-responsable"]
    responsable["numero-activite"] = [nda]
    return responsable


def test_an_organisation_a_later_batch_changes_is_checked_again(generator, write_flux, monkeypatch):
    """Checked with the first batch (a malformed NDA), completed by the second (a valid one): the
    import's controls end with its final values."""
    monkeypatch.setattr(importer, "BATCH_SIZE", 1)
    first, second = generator.formations(2)
    _responsable(first, "12")
    second["organisme-formation-responsable"] = copy.deepcopy(first["organisme-formation-responsable"])
    _responsable(second, "52440000044")
    import_lheo(write_flux([first, second]), source="greta", read_ahead=False)
    (siret,) = first["organisme-formation-responsable"][0]["SIRET-organisme-formation"][0]["SIRET"]
    assert Organisme.objects.get(siret=siret).numero_activite == "52440000044"
    assert not Resultat.objects.filter(rule="ORGANISME-NDA-FORMAT").exists()
    run = ControleRun.objects.get()
    assert run.formations == 2 and run.etat == EtatControle.TERMINE


def test_a_failed_import_leaves_no_control_results(generator, write_flux, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_SIZE", 1)
    trees = list(generator.formations(3))
    trees[0]["action"][0]["session"][0]["periode"] = [{"debut": ["20300301"], "fin": ["20300101"]}]
    path = write_flux(trees)
    content = path.read_bytes()
    path.write_bytes(content[: content.rindex(b"<formation")])  # truncated after two formations
    with pytest.raises(LheoFileError):
        import_lheo(path, source="greta", read_ahead=False)
    assert not Formation.objects.exists()
    assert not Resultat.objects.exists() and not ControleRun.objects.exists()


def test_a_dry_run_import_runs_no_controls(flux, write_flux):
    import_lheo(write_flux(flux), source="greta", dry_run=True)
    assert not Resultat.objects.exists()
