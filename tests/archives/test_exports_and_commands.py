"""The offer on a date leaves as LHEO 2.3 valid against the XSD, CSV and JSON lines; `efop export
date`, `efop export archive-init` and `efop export millesime`."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from lxml import etree

from efop.archives import exports, millesimes
from efop.archives.models import Millesime, SourceFormationInitiale, VersionFormation, annee_scolaire
from efop.archives.query import offre_a_la_date
from efop.flux.importer import import_lheo
from efop.flux.models import Source
from efop.lheo.reader import read_lheo
from efop.lheo.versions import LheoVersion
from efop.offre.models import Formation

from .conftest import live_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_moments(trees, write_flux):
    import_lheo(write_flux(trees[:5], name="1.xml"), source="greta")
    first = timezone.now()
    import_lheo(write_flux(trees[2:8], name="2.xml"), source="greta")
    return first, timezone.now()


def test_the_lheo_export_of_a_past_date_is_valid_and_holds_that_offer(two_moments, tmp_path):
    first, _ = two_moments
    versions = offre_a_la_date(first, diffusees=False)
    path = tmp_path / "offre.xml"
    path.write_bytes(b"".join(exports.export(versions, "lheo")))
    schema = etree.XMLSchema(etree.parse(str(LheoVersion.V23.xsd_path)))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    with open(path, "rb") as handle, read_lheo(handle) as doc:
        numeros = sorted(item.numero for item in doc.formations())
    assert numeros == sorted(versions.values_list("numero", flat=True))
    assert len(numeros) == 5


def test_csv_and_json_lines_list_the_versions_with_their_filters(two_moments):
    _, now = two_moments
    versions = offre_a_la_date(now)
    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(exports.export(versions, "csv")).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert sorted(int(row["formation_id"]) for row in rows) == sorted(live_offer())
    assert all(row["departement"] and row["formacode"] for row in rows)
    lines = [json.loads(line) for line in b"".join(exports.export(versions, "jsonl")).splitlines()]
    assert {line["formation_id"]: line["lheo"] for line in lines} == live_offer()


def test_export_date_command_writes_the_file(two_moments, tmp_path):
    first, _ = two_moments
    output = tmp_path / "offre.jsonl"
    when = timezone.localtime(first).strftime("%Y-%m-%dT%H:%M:%S.%f")
    stdout = io.StringIO()
    call_command(
        "export",
        "date",
        when,
        "--source",
        "greta",
        "--format",
        "jsonl",
        "--output",
        str(output),
        "-v0",
        stdout=stdout,
    )
    ids = {json.loads(line)["formation_id"] for line in output.read_text().splitlines()}
    assert ids == set(offre_a_la_date(first).values_list("formation_id", flat=True))
    assert f"{len(ids)} formations" in stdout.getvalue()


def test_export_date_command_refuses_bad_input_and_writes_nothing(tmp_path):
    output = tmp_path / "offre.xml"
    with pytest.raises(CommandError, match="Source « inconnue » inconnue"):
        call_command("export", "date", "2026-03-01", "--source", "inconnue", "--output", str(output))
    with pytest.raises(CommandError, match="invalide"):
        call_command("export", "date", "01/03/2026", "--output", str(output))
    assert not output.exists()


def test_archive_init_archives_an_install_without_archive_and_dry_run_keeps_nothing(trees, write_flux):
    import_lheo(write_flux(trees), source="greta")
    VersionFormation.objects.all().delete()  # an install from before the archive
    stdout = io.StringIO()
    call_command("export", "archive-init", "--dry-run", "-v0", stdout=stdout)
    assert "Simulation" in stdout.getvalue() and not VersionFormation.objects.exists()
    call_command("export", "archive-init", "-v0", stdout=io.StringIO())
    assert VersionFormation.objects.ouvertes().count() == Formation.objects.published().count()
    call_command("export", "archive-init", "--tout", "-v0", stdout=stdout)
    assert "0 versions" in stdout.getvalue().splitlines()[-1]


def test_an_initial_training_source_has_its_school_year_frozen_after_each_import(trees, write_flux):
    onisep = Source.objects.create(code="onisep", nom="ONISEP")
    SourceFormationInitiale.objects.create(source=onisep)
    import_lheo(write_flux(trees[:3], name="1.xml"), source="onisep")
    import_lheo(write_flux(trees[3:6], name="2.xml"), source="onisep")  # the first three withdrawn
    millesime = Millesime.objects.get(source=onisep, annee=annee_scolaire(timezone.localdate()))
    # Every formation diffused at some time of the year, in its last version.
    assert millesime.nombre == len(
        set(VersionFormation.objects.diffusees().values_list("formation_id", flat=True))
    )
    assert millesime.en_cours
    carte = millesimes.carte(millesime)
    assert sum(count for _, count in carte["formacode"]) >= millesime.nombre
    import_lheo(write_flux(trees[:2], name="autre.xml"), source="greta")  # another source: not in it
    millesime.refresh_from_db()
    assert set(millesime.versions.values_list("source_code", flat=True)) == {"onisep"}


def test_millesime_command_declares_the_source_and_refuses_bad_years(trees, write_flux):
    import_lheo(write_flux(trees[:3]), source="onisep")
    stdout = io.StringIO()
    with pytest.raises(CommandError, match="pas déclarée comme formation initiale"):
        call_command("export", "millesime", "onisep", annee_scolaire(timezone.localdate()))
    with pytest.raises(CommandError, match="invalide"):
        call_command("export", "millesime", "onisep", "2025-2027", "--declarer")
    assert not SourceFormationInitiale.objects.exists()  # the refused command changed nothing
    call_command(
        "export", "millesime", "onisep", annee_scolaire(timezone.localdate()), "--declarer", stdout=stdout
    )
    assert Millesime.objects.get().nombre > 0
    past = f"{datetime.now().year - 5}-{datetime.now().year - 4}"
    millesimes.figer(Source.objects.get(code="onisep"), past)  # a year before the archive: empty, frozen
    with pytest.raises(CommandError, match="figé depuis la fin"):
        call_command("export", "millesime", "onisep", past)
