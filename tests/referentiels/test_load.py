"""The full load of the real files: counts, known records, QuerySets, idempotence."""

import csv
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from efop.referentiels.enums import NiveauNsf, TypeCertification, TypeCommune, TypeFormacode
from efop.referentiels.loaders import load_referentiels
from efop.referentiels.models import (
    Appellation,
    BassinEmploi,
    Certification,
    Commune,
    Departement,
    Diplome,
    DomaineProfessionnel,
    Epci,
    Fap,
    Formacode,
    GrandDomaine,
    LheoCode,
    LheoDictionnaire,
    Nsf,
    Region,
    Rome,
    ZoneEmploi,
    communes_pays_de_la_loire,
)

pytestmark = pytest.mark.django_db


def rows(reference, name, delimiter=","):
    with open(reference / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_counts_match_the_files(full_load, reference):
    communes = rows(reference, "communes/communes_france_cog2026.csv")
    current = [r for r in communes if r["type"] in TypeCommune.values]
    assert len(current) == 34_969 + 45  # current communes + Paris/Lyon/Marseille arrondissements
    assert Commune.objects.count() == len(current)
    assert Commune.objects.filter(type=TypeCommune.ARRONDISSEMENT).count() == 45
    assert Region.objects.count() == len({r["region"] for r in current}) == 26
    assert Departement.objects.count() == len({r["departement"] for r in current})
    assert Epci.objects.count() == 1255
    assert ZoneEmploi.objects.count() == len(
        {r["zone_emploi_2020"] for r in current if r["zone_emploi_2020"]}
    )
    assert BassinEmploi.objects.count() == len(
        {r["bassin_emploi_ft_2021"] for r in current if r["bassin_emploi_ft_2021"]}
    )

    assert Formacode.objects.count() == 1554 + 90 - 11  # Certif Info codes + V14 extracts, 11 in both
    assert Formacode.objects.filter(type=TypeFormacode.PUBLIC).count() == 73
    assert Nsf.objects.filter(niveau=NiveauNsf.GROUPE).count() == 115
    assert Nsf.objects.count() == 5 + 22 + 115

    assert GrandDomaine.objects.count() == 14
    assert DomaineProfessionnel.objects.count() == 110
    assert Rome.objects.count() == 1584
    assert Rome.objects.filter(parent__isnull=True).count() == 532
    assert Appellation.objects.count() == 13_120
    assert Fap.objects.count() == 515  # 22 + 86 + 228 + 341 codes, a FAP 228 not subdivided counted once

    certifinfo = rows(reference, "rncp/certifinfo_extrait_orion_2024.csv", ";")
    rncp_2021 = {
        r["CodeRNCP"] for r in rows(reference, "rncp/france_competences_rncp_2021/rncp_info.v1.4.csv", ";")
    }
    assert Certification.objects.certifinfo().count() == len({r["Code_Diplome"] for r in certifinfo}) == 9923
    assert Certification.objects.rncp().count() == len(
        rncp_2021 | {f"RNCP{r['Code_RNCP']}" for r in certifinfo if r["Code_RNCP"]}
    )
    assert (
        Certification.objects.rs().count() == len({r["Code_RS"] for r in certifinfo if r["Code_RS"]}) == 1311
    )
    assert Diplome.objects.count() == 11_261

    assert LheoDictionnaire.objects.filter(version="2.2").count() == 11
    assert LheoDictionnaire.objects.filter(version="2.3").count() == 19
    assert {diff.added for diff in full_load.diffs} != {0} and not full_load.skipped


def test_nantes(full_load):
    nantes = Commune.objects.select_related(
        "epci", "zone_emploi", "bassin_emploi", "departement", "region"
    ).get(code_insee="44109")
    assert nantes.nom == "Nantes"
    assert nantes.codes_postaux_list == ["44000", "44100", "44200", "44300"]
    assert (nantes.departement.code, nantes.departement.nom) == ("44", "Loire-Atlantique")
    assert (nantes.region.code, nantes.region.nom) == ("52", "Pays de la Loire")
    assert (nantes.epci.code, nantes.epci.nom, nantes.epci.type) == ("244400404", "Nantes Métropole", "METRO")
    assert (nantes.zone_emploi.code, nantes.zone_emploi.nom) == ("5216", "Nantes")
    assert (nantes.bassin_emploi.code, nantes.bassin_emploi.nom) == ("5220", "NANTES")
    assert (nantes.latitude, nantes.longitude) == (47.23209, -1.54818)
    assert (nantes.latitude_mairie, nantes.longitude_mairie) == (47.21863, -1.55377)
    assert nantes.population == 327_734
    assert nantes.version == "COG 2026"
    assert nantes.is_active


def test_commune_querysets(full_load):
    assert list(Commune.objects.by_code_postal("44300")) == [Commune.objects.get(code_insee="44109")]
    assert Commune.objects.in_region("52").count() == 1228
    assert Commune.objects.in_departement("85").count() == 253
    pdl = communes_pays_de_la_loire()
    assert pdl.count() == 1228  # 49126 has no centre but has its town hall
    assert pdl.get(code_insee="49126").coordonnees == (47.33453, -1.20686)
    assert Commune.objects.get(code_insee="13201").commune_parente.nom == "Marseille"
    assert Commune.objects.get(code_insee="85113").epci is None  # L'Île-d'Yeu belongs to no EPCI


def test_rome_fiche_with_appellations(full_load):
    fiche = Rome.objects.get(code="M1805")
    assert fiche.libelle == "Développeur / Développeuse informatique"
    assert (fiche.code_ogr, fiche.version) == ("494", "ROME 4.0 v460")
    assert (fiche.domaine.code, fiche.domaine.grand_domaine.code) == ("M18", "M")
    assert fiche.parent is None and fiche.emploi_cadre is True and fiche.emploi_reglemente is False
    appellations = dict(fiche.appellations.values_list("code_ogr", "libelle"))
    assert len(appellations) == 16
    assert appellations["14153"] == "Développeur / Développeuse informatique"
    assert appellations["510897"] == "Développeur / Développeuse IOT"
    assert Appellation.objects.get(code_ogr="10200").rome.code == "F1402"
    assert Rome.objects.get(code="A1102").parent.code == "A1101"


def test_rncp_certification(full_load):
    fiche = Certification.objects.rncp().get(code="RNCP10193")
    assert (
        fiche.intitule
        == "Ingénieur diplômé de l'Université de Technologie de Compiègne (UTC), spécialité Informatique"
    )
    assert (fiche.niveau, fiche.actif, fiche.date_fin_validite) == ("7", True, datetime.date(2024, 1, 1))
    assert fiche.version == "RNCP 2021"
    assert [f.code for f in fiche.formacodes.all()] == ["24231"]  # through Certif Info
    assert sorted(r.code for r in fiche.romes.all()) == ["M1802", "M1803", "M1805"]
    assert [n.code for n in fiche.nsfs.all()] == ["326"]
    assert list(fiche.fiches_certifinfo.values_list("type", "code")) == [
        (TypeCertification.CERTIFINFO, "47734")
    ]
    assert Certification.objects.for_rome("M1805").rncp().filter(code="RNCP10193").exists()
    assert Certification.objects.for_formacode("24231").filter(code="RNCP10193").exists()
    assert not Certification.objects.valides(le=datetime.date(2024, 6, 1)).filter(code="RNCP10193").exists()


def test_certifinfo_record_links_its_fiches(full_load):
    record = Certification.objects.certifinfo().get(code="47734")
    assert list(record.certifications_liees.values_list("code", flat=True)) == ["RNCP10193"]
    # RNCP fiches newer than the 2021 export come from Certif Info, with its codes.
    recent = Certification.objects.rncp().get(code="RNCP38381")
    assert recent.version == "Certif Info 2024" and recent.formacodes.exists()
    # NSF "311t": the letter (field of activity) is dropped for the relation, kept in the raw codes.
    fiche = Certification.objects.rncp().get(code="RNCP13337")
    assert "311t" in fiche.codes_source["nsf"]
    assert "311" in fiche.nsfs.values_list("code", flat=True)


def test_lheo_dictionaries_by_version(full_load):
    assert LheoCode.objects.of("dict-financeurs", "2.2").get(code="16").libelle == "OPCA"
    assert LheoCode.objects.of("dict-financeurs", "2.3").get(code="16").libelle == "OPCO"
    assert LheoCode.objects.of("dict-financeurs", "2.3").get(code="17").libelle == "Transition Pro"
    assert not LheoCode.objects.of("dict-financeurs", "2.2").filter(code="20").exists()
    assert LheoCode.objects.of("dict-niveaux", "2.3").filter(code="13").exists()
    assert not LheoDictionnaire.objects.filter(version="2.2", nom="dict-type-contact").exists()


def test_other_referentiels(full_load):
    assert Formacode.objects.active().get(code="44028").libelle == "Prise en charge d’une personne dépendante"
    assert Formacode.objects.get(code="80001").type == TypeFormacode.PUBLIC
    assert Nsf.objects.get(code="311").libelle == "Transports, manutention, magasinage"
    assert Nsf.objects.get(code="311").parent.parent.code == "3"
    fap = Fap.objects.get(code="A0X41c")
    assert (fap.libelle, fap.parent.code, fap.parent.parent.code, fap.parent.parent.parent.code) == (
        "Eleveurs de lapins et volailles",
        "A0X41",
        "A0X",
        "A",
    )
    bts = Diplome.objects.get(code="32031313")
    assert (bts.libelle, bts.niveau, bts.nsf.code) == ("BANQUE (BTS)", "5", "313")


def test_second_load_writes_nothing(full_load, reference):
    with CaptureQueriesContext(connection) as queries:
        report = load_referentiels(reference)
    assert [(d.label, d.added, d.changed, d.removed) for d in report.diffs if d.writes] == []
    assert report.writes == 0
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
