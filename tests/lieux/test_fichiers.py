"""CSV import and export: a round trip changes nothing, a file creates and updates places through
the back office's form (recorded in the history), and a refused file changes nothing and names
the line, the column, what is wrong and what to do. Also through `efop lieux import|export`."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command

from efop.historique.enums import Operation
from efop.historique.models import Changement
from efop.lieux import fichiers
from efop.lieux.enums import LieuStatus, Provenance
from efop.lieux.models import LieuInformation

from .factories import ANGERS, LAVAL, NANTES, REFERENTIELS, LieuFactory

pytestmark = pytest.mark.django_db
__all__ = ["REFERENTIELS"]


@pytest.fixture(autouse=True)
def _referentiels(referentiels):
    pass


def exported(lieux=None) -> str:
    out = io.StringIO()
    fichiers.export(lieux or LieuInformation.objects.order_by("pk"), out)
    return out.getvalue()


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def write(rows_: list[dict], columns=None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(rows_[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows_)
    return out.getvalue()


def state():
    return list(LieuInformation.objects.order_by("pk").values())


def test_an_export_imported_again_changes_nothing():
    LieuFactory(
        code_insee=NANTES,
        exceptions_horaires=[{"debut": "2026-12-25", "fin": "2027-01-01", "creneaux": "", "motif": "congés"}],
        accessible_pmr=True,
        boucle_magnetique=False,
        adresse_lignes="Bâtiment B\n4 rue Jean-Jacques Rousseau",
    )
    LieuFactory(code_insee=LAVAL, latitude=48.07, longitude=-0.77, coordonnees_commune=False)
    before, changes = state(), Changement.objects.count()
    text = exported()
    row = rows(text)[0]
    assert row["exceptions"] == "25/12/2026 au 01/01/2027 : fermé (congés)"
    assert row["adresse"] == "Bâtiment B|4 rue Jean-Jacques Rousseau"
    assert (row["accessible_pmr"], row["boucle_magnetique"], row["latitude"]) == ("oui", "non", "")
    assert rows(text)[1]["latitude"] == "48.07"
    report = fichiers.import_csv(text.encode("utf-8-sig"))
    assert (len(report.created), len(report.updated), report.unchanged) == (0, 0, 2)
    assert state() == before
    assert Changement.objects.count() == changes


def test_a_file_creates_and_updates_places_and_the_history_records_it():
    lieu = LieuFactory(code_insee=NANTES, nom="CIO de Nantes")
    existing = rows(exported())[0]
    existing["telephone"] = "02 40 99 99 99"
    new = {column: "" for column in fichiers.COLUMNS}
    new |= {
        "nom": "Cap emploi Maine-et-Loire",
        "reseau": "cap_emploi",
        "commune_insee": ANGERS,
        "publics": "handicap",
        "services": "recherche_emploi|financement",
        "horaires_lundi": "9h-12h",
        "exceptions": "24/12/2026 : 09:00-12:00 (veille de Noël)",
        "statut": "publie",
    }
    report = fichiers.import_csv(write([existing, new]))
    assert (len(report.created), len(report.updated)) == (1, 1)
    lieu.refresh_from_db()
    assert lieu.telephone == "02 40 99 99 99"
    created = LieuInformation.objects.get(nom="Cap emploi Maine-et-Loire")
    assert created.status == LieuStatus.PUBLIE and created.provenance == Provenance.IMPORT
    assert created.services == ["recherche_emploi", "financement"]
    assert created.horaires == {"lundi": "09:00-12:00"}
    assert created.horaires_lus().exceptions[0].motif == "veille de Noël"
    assert created.commune.code_insee == ANGERS and created.latitude is not None
    change = Changement.objects.for_object(lieu).get(operation=Operation.MODIFICATION)
    assert change.champs == {"telephone": ["02 40 00 00 00", "02 40 99 99 99"]}
    assert Changement.objects.for_object(created).get().operation == Operation.CREATION


def test_a_refused_file_changes_nothing_and_says_where_and_what_to_do():
    lieu = LieuFactory(code_insee=NANTES)
    good = rows(exported())[0] | {"telephone": "01 00 00 00 00"}
    bad = {column: "" for column in fichiers.COLUMNS} | {
        "nom": "Sans commune",
        "commune_insee": "99999",
        "horaires_mardi": "9-12",
        "publics": "martiens",
        "courriel": "pas une adresse",
    }
    before, changes = state(), Changement.objects.count()
    with pytest.raises(fichiers.ImportRefused) as refused:
        fichiers.import_csv(write([good, bad]))
    errors = refused.value.errors
    assert any(
        e.startswith("Ligne 3, colonne « commune_insee » : « 99999 » n'est le code INSEE") for e in errors
    )
    assert any(
        e.startswith("Ligne 3, colonne « horaires_mardi » : Créneau « 9-12 » illisible") for e in errors
    )
    assert any(e.startswith("Ligne 3, colonne « publics » :") and "martiens" in e for e in errors)
    assert any(e.startswith("Ligne 3, colonne « courriel » :") for e in errors)
    assert not any(e.startswith("Ligne 2") for e in errors)
    assert state() == before and Changement.objects.count() == changes
    lieu.refresh_from_db()
    assert lieu.telephone == "02 40 00 00 00"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nom;ville\nCIO;Nantes\n", "Ligne 1 : colonne(s) inconnue(s) « ville »"),
        ("nom;slug\nCIO;cio\n", "colonne(s) obligatoire(s) absente(s) : commune_insee"),
        (
            "id;nom;commune_insee\n424242;CIO;44109\n",
            "Ligne 2, colonne « id » : aucun lieu n'a l'identifiant",
        ),
        (
            "nom;commune_insee\nCIO;44109\nCIO;44109\n",
            "Ligne 3, colonne « slug » : même adresse de page « cio-nantes » qu'à la ligne 2",
        ),
        ("nom;commune_insee\nCIO;44109\n".encode("latin-1") + "Créé".encode("latin-1"), "n'est pas en UTF-8"),
    ],
)
def test_badly_shaped_files_are_refused(content, message):
    with pytest.raises(fichiers.ImportRefused, match=re.escape(message)):
        fichiers.import_csv(content)
    assert not LieuInformation.objects.exists()


def test_a_dry_run_counts_without_saving():
    report = fichiers.import_csv("nom;commune_insee\nCIO de Laval;53130\n", dry_run=True)
    assert len(report.created) == 1 and "seraient créé(s)" in str(report)
    assert not LieuInformation.objects.exists()


def test_the_commands_export_and_import(tmp_path):
    LieuFactory(code_insee=NANTES, nom="Mission locale de l'agglomération nantaise")
    path = tmp_path / "lieux.csv"
    out = io.StringIO()
    call_command("lieux", "export", str(path), stdout=out)
    assert "1 lieu(x) écrit(s)" in out.getvalue()
    text = path.read_text(encoding="utf-8").replace(
        "agglomération nantaise", "agglomération nantaise et de Rezé"
    )
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("lieux", "import", str(path), "--dry-run", "-v0", stdout=out)
    assert "0 lieu(x) seraient créé(s), 1 modifié(s)" in out.getvalue()
    assert LieuInformation.objects.get().nom.endswith("nantaise")
    call_command("lieux", "import", str(path), "-v0", stdout=io.StringIO())
    assert LieuInformation.objects.get().nom.endswith("et de Rezé")
    path.write_text("nom;commune_insee\nCIO;00000\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Fichier refusé, aucun lieu n'a été modifié"):
        call_command("lieux", "import", str(path), "-v0")
