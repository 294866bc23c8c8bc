"""`efop metiers load` on the real ROME 4.0 v458 files: counts, a known fiche's texts, mobilities,
RIASEC, idempotence, dry run and the clear refusal when the ROME fiches are not loaded."""

import pytest
from django.core.management import CommandError, call_command

from efop.metiers.enums import Riasec, SourceTension
from efop.metiers.loaders import load_metiers
from efop.metiers.models import CorrespondanceFormacode, Metier, MetierTension, Mobilite
from efop.referentiels.models import Rome

pytestmark = pytest.mark.django_db


def test_counts_of_the_real_files(metiers):
    diffs = {diff.label: diff for diff in metiers.diffs}
    assert diffs["Métiers"].added == Metier.objects.count() == 1056  # "1056 fiches emplois" (version.txt)
    assert diffs["Mobilités"].added == Mobilite.objects.count() == 10_442
    assert diffs["Correspondances Formacode ↔ ROME"].added == CorrespondanceFormacode.objects.count() == 7682
    assert diffs["Métiers en tension"].added == MetierTension.objects.count() > 0
    assert Metier.objects.exclude(definition="").count() == 1056
    assert Metier.objects.filter(version="ROME 4.0 v458").count() == 1056


def test_a_known_fiche(metiers):
    a1201 = Metier.objects.get(rome__code="A1201")
    # Three sentences of access in their published order, the SQL-escaped apostrophes restored.
    assert a1201.acces_paragraphes == [
        "Ce métier est accessible avec un CAP/BEP Agricole en travaux forestiers et bûcheronnage. "
        'Un certificat de spécialisation "diagnostic et taille des arbres" peut être requis.',
        "Il est également accessible avec une expérience professionnelle dans le même secteur sans "
        "diplôme particulier.",
        "Un diplôme de niveau Bac (Bac Professionnel, Brevet de Technicien Agricole, ...) en gestion et "
        "conduite de travaux forestiers peut être demandé pour les fonctions d'encadrement.",
    ]
    soudeur = Metier.objects.get(rome__code="H2913")
    assert soudeur.definition_paragraphes[0].startswith("Artisan de la précision, le soudeur")
    assert "''" not in "".join(Metier.objects.values_list("acces", flat=True))


def test_riasec_and_mobilities(metiers):
    a1101 = Metier.objects.get(rome__code="A1101")
    assert (a1101.riasec_majeur, a1101.riasec_mineur) == (Riasec.REALISTE, "")
    assert a1101.get_riasec_majeur_display() == "Réaliste"
    targets = list(a1101.liens_mobilite.order_by("ordre").values_list("cible__rome__code", flat=True))
    assert targets[:3] == ["A1414", "A1205", "A1416"] and len(targets) == 11
    assert Metier.objects.get(rome__code="A1102") in a1101.mobilites.all()
    assert Metier.objects.exclude(riasec_mineur="").exists()


def test_formacode_correspondence_share(metiers):
    pairs = dict(CorrespondanceFormacode.objects.filter(formacode="21011").values_list("code_rome", "part"))
    assert pairs["I1603"] == round(11 / 36, 4) and pairs["A1101"] == round(10 / 36, 4)
    retained = set(
        CorrespondanceFormacode.objects.retenues()
        .filter(formacode="21011")
        .values_list("code_rome", flat=True)
    )
    assert retained == {"I1603", "A1101"}  # the 6 others share under 10 % of the Formacode's certifications


def test_a_second_load_writes_nothing_and_dry_run_writes_nothing(metiers, reference):
    assert all(diff.writes == 0 for diff in load_metiers(reference).diffs)
    Metier.objects.filter(rome__code="A1101").update(definition="modifiée")
    report = load_metiers(reference, dry_run=True)
    assert {diff.label: diff.changed for diff in report.diffs}["Métiers"] == 1
    assert Metier.objects.get(rome__code="A1101").definition == "modifiée"
    load_metiers(reference)
    assert Metier.objects.get(rome__code="A1101").definition.startswith("Réalise des travaux agricoles")


def test_the_command_prints_the_diff(metiers, capsys):
    call_command("metiers", "load", "--dry-run", verbosity=0)
    out = capsys.readouterr().out
    assert "Métiers : 0 ajoutés, 0 modifiés, 0 retirés" in out
    assert "Simulation (--dry-run) : rien n'a été enregistré" in out


def test_staff_switches_survive_a_reload(metiers, reference):
    official = MetierTension.objects.filter(source=SourceTension.LISTE_OFFICIELLE).first()
    official.en_tension, official.commentaire = False, "Plus de difficulté de recrutement"
    official.save()
    load_metiers(reference)
    official.refresh_from_db()
    assert (official.en_tension, official.commentaire) == (False, "Plus de difficulté de recrutement")


def test_without_rome_fiches_the_load_is_refused_and_changes_nothing(metiers, tmp_path, monkeypatch):
    monkeypatch.setattr(Rome.objects, "active", lambda: Rome.objects.none())
    with pytest.raises(CommandError, match="les fiches ROME ne sont pas chargées"):
        call_command("metiers", "load", verbosity=0)
    assert Metier.objects.count() == 1056
