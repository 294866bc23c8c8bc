"""Diffs when files change, withdrawal instead of deletion, atomicity, missing files."""

import json

import pytest

from efop.referentiels.loaders import LoadError, load_referentiels
from efop.referentiels.models import Fap, Formacode, LheoCode

pytestmark = pytest.mark.django_db

FORMACODE = (
    "formacode/formacode_codes_libelles_certifinfo_2024.csv",
    "formacode/formacode_v14_extraits_data_inclusion.csv",
)
FAP = "fap/fap2021_nomenclature_dares.csv"
LHEO = ("lheo/dicts/lheo-dicts-2.2.json", "lheo/dicts/lheo-dicts-2.3.json")


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def counts(report):
    return {diff.label: (diff.added, diff.changed, diff.removed) for diff in report.diffs}


def test_changed_and_removed_rows(copy_reference):
    directory = copy_reference(*FORMACODE)
    assert counts(load_referentiels(directory, only=["formacode"])) == {"Codes Formacode": (1633, 0, 0)}
    before = Formacode.objects.get(code="11016")

    edit(directory / FORMACODE[0], "11016,Analyse données,", "11016,Analyse de données,")
    edit(directory / FORMACODE[0], "11017,Statistique appliquée,2\n", "")
    assert counts(load_referentiels(directory, only=["formacode"])) == {"Codes Formacode": (0, 1, 1)}

    changed = Formacode.objects.get(code="11016")
    assert changed.pk == before.pk and changed.libelle == "Analyse de données"
    assert changed.updated_at > before.updated_at
    removed = Formacode.objects.get(code="11017")  # kept, marked
    assert removed.removed_at is not None and not removed.is_active
    assert not Formacode.objects.active().filter(code="11017").exists()
    assert Formacode.objects.removed().count() == 1

    assert counts(load_referentiels(directory, only=["formacode"])) == {"Codes Formacode": (0, 0, 0)}

    edit(directory / FORMACODE[0], "11016,", "11017,Statistique appliquée,2\n11016,")
    assert counts(load_referentiels(directory, only=["formacode"])) == {"Codes Formacode": (1, 0, 0)}
    assert Formacode.objects.get(code="11017").is_active  # restored, same row
    assert Formacode.objects.get(code="11017").pk == removed.pk


def test_a_broken_file_leaves_the_base_as_it_was(reference, copy_reference):
    load_referentiels(reference, only=["fap", "lheo"])
    directory = copy_reference(FAP, *LHEO)
    edit(directory / FAP, "Eleveurs de lapins et volailles", "Éleveurs de lapins et de volailles")
    (directory / LHEO[1]).write_text(
        '{"dict-boolean": {"fullname": "Booléen", "entries": [["0", ', encoding="utf-8"
    )

    with pytest.raises(LoadError, match="lheo-dicts-2.3.json"):
        load_referentiels(directory, only=["fap", "lheo"])  # FAP loads first, then LHEO fails
    assert Fap.objects.get(code="A0X41c").libelle == "Eleveurs de lapins et volailles"
    assert Fap.objects.count() == 515 and LheoCode.objects.count() == 195


def test_a_row_with_missing_columns_is_refused_with_its_line(copy_reference):
    directory = copy_reference(FAP)
    edit(directory / FAP, "A;Agriculture, marine, pêche;A0X;", "A;Agriculture")
    with pytest.raises(LoadError, match=r"fap2021_nomenclature_dares.csv, ligne 2 : nombre de colonnes"):
        load_referentiels(directory, only=["fap"])
    assert not Fap.objects.exists()


def test_dry_run_writes_nothing(reference):
    report = load_referentiels(reference, only=["fap"], dry_run=True)
    assert counts(report) == {"Familles professionnelles (FAP)": (515, 0, 0)}
    assert not Fap.objects.exists()


def test_missing_files_skip_their_referentiel_only(copy_reference):
    directory = copy_reference(*LHEO)
    report = load_referentiels(directory)
    assert set(report.skipped) == {
        "communes",
        "formacode",
        "nsf",
        "rome",
        "fap",
        "certifications",
        "diplomes",
    }
    assert report.skipped["fap"] == [directory / FAP]
    assert LheoCode.objects.count() == 195


def test_unknown_referentiel(reference):
    with pytest.raises(LoadError, match="référentiel inconnu : metiers"):
        load_referentiels(reference, only=["metiers"])


def test_lheo_entry_removed_from_a_dictionary(copy_reference):
    directory = copy_reference(*LHEO)
    load_referentiels(directory, only=["lheo"])
    dicts = json.loads((directory / LHEO[1]).read_text(encoding="utf-8"))
    dicts["dict-financeurs"]["entries"] = [e for e in dicts["dict-financeurs"]["entries"] if e[0] != "20"]
    (directory / LHEO[1]).write_text(json.dumps(dicts, ensure_ascii=False), encoding="utf-8")
    assert counts(load_referentiels(directory, only=["lheo"])) == {
        "Dictionnaires LHEO": (0, 0, 0),
        "Codes LHEO": (0, 0, 1),
    }
    assert LheoCode.objects.of("dict-financeurs", "2.3").removed().get().code == "20"


def test_a_new_version_updates_every_record(reference):
    load_referentiels(reference, only=["fap"])
    Fap.objects.update(version="FAP 2009")
    report = load_referentiels(reference, only=["fap"])
    assert counts(report) == {"Familles professionnelles (FAP)": (0, 515, 0)}
    assert set(Fap.objects.values_list("version", flat=True)) == {"FAP 2021"}
    assert Fap.objects.get(code="A0X41c").parent.code == "A0X41"
