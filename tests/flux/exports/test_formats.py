"""Each format of a delivery, checked as its consumers read it: the LHEO files (2.3, 2.2, EDOF)
against their XSD, the CSV and JSON lines parsed back; the profiles efop ships."""

import csv
import json

import pytest
from lxml import etree

from efop.flux.exports.formats import COLUMNS
from efop.flux.exports.production import ExportError, export_to, produce
from efop.flux.models import ProfilExport
from efop.lheo.versions import LheoVersion
from efop.offre.models import Formation
from efop.selections.models import RequeteSauvegardee

pytestmark = pytest.mark.django_db

NS = {version: {"l": version.namespace} for version in LheoVersion}


def valid(path, version: LheoVersion) -> etree._Element:
    document = etree.parse(str(path))
    schema = etree.XMLSchema(etree.parse(str(version.xsd_path)))
    assert schema.validate(document), [str(error) for error in schema.error_log][:5]
    return document.getroot()


def numeros(root, version) -> list[str]:
    return root.xpath("l:offres/l:formation/@numero", namespaces=NS[version])


def test_each_lheo_format_is_valid_against_its_xsd(offre, tmp_path):
    profil = ProfilExport.objects.create(code="tout", nom="Tout", formats=["lheo-2.3", "lheo-2.2", "edof"])
    fichiers = export_to(profil, tmp_path / "sortie" / "offre.xml")
    paths = {format: path for path, format in fichiers.paths}
    diffusees = Formation.objects.diffusees()
    expected = sorted(diffusees.values_list("numero", flat=True))

    assert sorted(numeros(valid(paths["lheo-2.3"], LheoVersion.V23), LheoVersion.V23)) == expected
    assert sorted(numeros(valid(paths["lheo-2.2"], LheoVersion.V22), LheoVersion.V22)) == expected

    edof = paths["edof"]
    assert edof.read_bytes().startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    root = valid(edof, LheoVersion.EDOF)
    codes = root.xpath("l:offres/l:formation/l:certification/*/text()", namespaces=NS[LheoVersion.EDOF])
    assert codes and all(code.startswith(("RNCP", "RS", "CPF")) for code in codes)
    # The EDOF example's four formations come back; those without RNCP / RS / CPF code are left out.
    assert {"RNCP40344_VETO2027"} <= set(numeros(root, LheoVersion.EDOF))
    assert 4 <= len(numeros(root, LheoVersion.EDOF)) < len(expected)
    assert fichiers.ignorees == len(expected) - len(numeros(root, LheoVersion.EDOF))


def test_edof_is_latin1_characters_outside_it_transliterated(offre, tmp_path):
    formation = Formation.objects.diffusees().get(numero="RNCP40344_VETO2027")
    Formation.objects.filter(pk=formation.pk).update(intitule="L’œuvre — 100 € … “Zoë” 漢")
    profil = ProfilExport.objects.create(code="edof-essai", nom="EDOF", formats=["edof"])
    ((path, _),) = export_to(profil, tmp_path / "edof.xml").paths
    root = valid(path, LheoVersion.EDOF)
    (intitule,) = root.xpath(
        "l:offres/l:formation[@numero='RNCP40344_VETO2027']/l:intitule-formation/text()",
        namespaces=NS[LheoVersion.EDOF],
    )
    assert intitule == 'L\'oeuvre - 100 EUR ... "Zoë" ?'
    path.read_bytes().decode("latin-1")  # every byte is Latin-1 text
    assert "Zoë".encode("latin-1") in path.read_bytes()


def test_csv_and_json_lines_parse_back_with_the_licence(offre, shipped, tmp_path):
    profil = ProfilExport.objects.get(code="open-data")  # shipped
    paths = {format: path for path, format in export_to(profil, tmp_path / "ouvertes.csv").paths}
    diffusees = dict(Formation.objects.diffusees().values_list("pk", "numero"))

    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: opened as is by French spreadsheets
    with open(paths["csv"], encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file, delimiter=";")
        assert tuple(reader.fieldnames) == COLUMNS
        rows = list(reader)
    assert {int(row["id"]): row["numero"] for row in rows} == diffusees
    assert {row["statut"] for row in rows} == {"publiee"}
    veto = next(row for row in rows if row["numero"] == "RNCP40344_VETO2027")
    assert veto["codes_rncp"] == "RNCP40344" and veto["siret_responsable"]

    lines = [json.loads(line) for line in paths["jsonl"].read_text(encoding="utf-8").splitlines()]
    header, formations = lines[0], lines[1:]
    assert header["type"] == "entete" and header["licence"].startswith("Licence Ouverte 2.0")
    assert header["mode"] == "complet" and header["profil"] == "open-data"
    assert {line["id"]: line["numero"] for line in formations} == diffusees
    assert all(line["actions"] and line["actions"][0]["sessions"] for line in formations)


def test_the_shipped_profiles_and_the_forpro_perimeter(offre, shipped):
    installed = dict(ProfilExport.objects.values_list("code", "formats"))
    assert installed == {
        "offre-info": ["lheo-2.3"],
        "forpro": ["lheo-2.3"],
        "open-data": ["csv", "jsonl"],
        "edof": ["edof"],
    }
    forpro = ProfilExport.objects.get(code="forpro")
    assert forpro.mode == "delta" and forpro.next_run_at is not None
    assert forpro.requete == RequeteSauvegardee.objects.get(code="forpro-formation-continue")
    perimetre = set(forpro.formations().values_list("pk", flat=True))
    continuing = set(
        Formation.objects.diffusees()
        .filter(actions__financeurs__code_financeur__in=forpro.requete.criteres["financeurs"])
        .values_list("pk", flat=True)
    )
    assert perimetre == continuing
    assert 0 < len(perimetre) < Formation.objects.diffusees().count()


def test_an_empty_perimeter_is_refused_and_nothing_is_recorded(new_abonnement, data_dir):
    abonnement = new_abonnement(["lheo-2.3"])
    with pytest.raises(ExportError, match="aucune formation diffusée"):
        produce(abonnement)
    assert not abonnement.livraisons.exists()
