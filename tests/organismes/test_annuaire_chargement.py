"""The directory loaders: DGEFP list (fixtures), DEPP UAI file (real), SIRENE extract (fixture)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from efop.historique.models import Changement
from efop.organismes.annuaire.dgefp import ChargeurDgefp
from efop.organismes.annuaire.sirene import ChargeurSirene
from efop.organismes.annuaire.uai import ChargeurUai
from efop.organismes.enums import Categorie, CategorieQualiopi, EtatAdministratif
from efop.organismes.models import (
    CertificatQualiopi,
    Chargement,
    CodeUai,
    DeclarationActivite,
    EtablissementAnnuaire,
    UniteLegale,
)
from efop.referentiels.sync import LoadError

REFERENTIELS = ["communes"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]

JANVIER = datetime.date(2026, 1, 15)
MARS = datetime.date(2026, 3, 1)


def summaries(rapport) -> dict[str, str]:
    return {diff.label: diff.summary for diff in rapport.diffs}


def certificats(nda: str) -> dict[str, tuple]:
    return {
        c.categorie: (c.date_debut, c.date_fin)
        for c in CertificatQualiopi.objects.filter(declaration__numero=nda).order_by("date_debut")
    }


def test_a_first_dgefp_load_creates_declarations_certificates_and_legal_units(fixtures):
    rapport = ChargeurDgefp(fixtures / "dgefp_2026-01.csv", date_donnees=JANVIER).charger()
    assert summaries(rapport) == {
        "Déclarations d'activité": "4 ajoutés, 0 modifiés, 0 retirés",
        "Certificats Qualiopi": "8 ajoutés, 0 modifiés, 0 retirés",
        "Unités légales": "4 ajoutées, 0 modifiées, 0 retirées",
    }
    martello = DeclarationActivite.objects.get(numero="52440345644")
    assert martello.unite_legale.siren == "317926939"
    assert martello.siret_declarant == "31792693900032"
    assert martello.numeros_precedents == ["52440099944"]
    assert [s["code"] for s in martello.specialites] == ["333", "413", "415"]
    assert (martello.nb_stagiaires, martello.effectif_formateurs) == (2300, 120)
    assert martello.date_derniere_declaration == datetime.date(2025, 4, 30)
    # The first load cannot know since when the organisations are certified.
    assert certificats("52440345644") == dict.fromkeys(CategorieQualiopi.values, (None, None))
    assert certificats("52440456744") == {}
    assert UniteLegale.objects.get(siren="317926939").categorie == Categorie.OF_CFA
    assert UniteLegale.objects.get(siren="813656006").categorie == Categorie.OF
    assert martello.chargement == martello.vu_par == rapport.chargement
    assert rapport.chargement.lignes == 4 and rapport.chargement.ajoutes == 4


def test_a_second_dgefp_load_changes_withdraws_and_dates_the_certificates(fixtures):
    ChargeurDgefp(fixtures / "dgefp_2026-01.csv", date_donnees=JANVIER).charger()
    rapport = ChargeurDgefp(fixtures / "dgefp_2026-03.csv", date_donnees=MARS).charger()
    assert summaries(rapport) == {
        "Déclarations d'activité": "1 ajouté, 1 modifié, 1 retiré",
        "Certificats Qualiopi": "2 ajoutés, 0 modifiés, 5 retirés",
        "Unités légales": "1 ajoutée, 3 modifiées, 0 retirées",
    }
    coiffure = DeclarationActivite.objects.get(numero="52440234544")
    assert coiffure.denomination == "CFA DE LA COIFFURE ET DE L'ESTHETIQUE"
    assert coiffure.chargement == rapport.chargement
    # Apprenticeship flag dropped: the certificate ends on the load's date.
    assert certificats("52440234544") == {
        CategorieQualiopi.ACTIONS_FORMATION: (None, None),
        CategorieQualiopi.APPRENTISSAGE: (None, MARS),
    }
    # A flag that appears starts on the load's date.
    assert certificats("52440456744") == {CategorieQualiopi.ACTIONS_FORMATION: (MARS, None)}
    martello = DeclarationActivite.objects.get(numero="52440345644")
    assert martello.retire_le == MARS
    assert not CertificatQualiopi.objects.filter(declaration=martello).en_cours().exists()
    assert not DeclarationActivite.objects.presents().filter(numero="52440345644").exists()
    categories = dict(UniteLegale.objects.values_list("siren", "categorie"))
    assert categories["378438873"] == Categorie.OF
    assert categories["317926939"] == ""
    assert categories["383431947"] == Categorie.OF
    assert UniteLegale.objects.get(siren="378438873").denomination == "CFA DE LA COIFFURE ET DE L'ESTHETIQUE"
    # Every change is in the history, with old and new values.
    changement = Changement.objects.get(
        content_type=ContentType.objects.get_for_model(DeclarationActivite),
        object_id=coiffure.pk,
        operation="modification",
    )
    assert changement.champs["denomination"] == [
        "CFA COIFFURE ET ESTHETIQUE",
        "CFA DE LA COIFFURE ET DE L'ESTHETIQUE",
    ]
    assert changement.champs["nb_stagiaires"] == [640, 610]
    assert Changement.objects.filter(
        content_type=ContentType.objects.get_for_model(DeclarationActivite),
        object_id=martello.pk,
        champs__retire_le=[None, "2026-03-01"],
    ).exists()
    assert (
        Changement.objects.filter(
            content_type=ContentType.objects.get_for_model(CertificatQualiopi),
            champs__date_fin=[None, "2026-03-01"],
        ).count()
        == 5
    )
    # A declaration that comes back is restored, with a new certificate.
    rapport = ChargeurDgefp(fixtures / "dgefp_2026-01.csv", date_donnees=datetime.date(2026, 4, 1)).charger()
    assert summaries(rapport)["Déclarations d'activité"] == "1 ajouté, 1 modifié, 1 retiré"
    martello.refresh_from_db()
    assert martello.retire_le is None
    assert CertificatQualiopi.objects.filter(declaration=martello).en_cours().count() == 4


def test_the_same_file_again_writes_nothing(fixtures):
    ChargeurDgefp(fixtures / "dgefp_2026-01.csv").charger()
    count = Changement.objects.count()
    rapport = ChargeurDgefp(fixtures / "dgefp_2026-01.csv").charger()
    assert all(diff.writes == 0 for diff in rapport.diffs)
    assert Changement.objects.count() == count


def test_the_command_prints_the_diff_and_a_dry_run_stores_nothing(fixtures, capsys):
    call_command("annuaire", "load-dgefp", str(fixtures / "dgefp_2026-01.csv"), "--dry-run", "-v0")
    out = capsys.readouterr().out
    assert "Déclarations d'activité : 4 ajoutés, 0 modifiés, 0 retirés" in out
    assert "Simulation (--dry-run)" in out
    assert not DeclarationActivite.objects.exists() and not Chargement.objects.exists()
    call_command("annuaire", "load-dgefp", str(fixtures / "dgefp_2026-01.csv"), "--date", "2026-01-15", "-v0")
    assert "Certificats Qualiopi : 8 ajoutés" in capsys.readouterr().out
    assert Chargement.objects.get().date_donnees == JANVIER


def _rewrite(source, target, replace):
    text = source.read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text
        text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (
            [("certifications.VAE;", "certifications.vae;")],
            "dgefp.csv, ligne 1 : colonnes manquantes : certifications.VAE.",
        ),
        (
            [
                (
                    ";52;true;false;false;false;;;;;;2025-04-30;2024-01-01;2024-12-31;336;",
                    ";52;true;false;peut-être;false;;;;;;2025-04-30;2024-01-01;2024-12-31;336;",
                )
            ],
            "dgefp.csv, ligne 3, colonne « certifications.VAE » : valeur « peut-être » invalide",
        ),
        (
            [("52440456744;", "52440234544;")],
            "dgefp.csv, ligne 4, colonne « numeroDeclarationActivite » : valeur « 52440234544 » en double",
        ),
        (
            [(";813656006;81365600600117;", ";813656006;78835426400061;")],
            "ligne 4, colonne « siretEtablissementDeclarant » : valeur « 78835426400061 » n'appartient pas au SIREN",
        ),
        (
            [
                (
                    "2025-04-30;2024-01-01;2024-12-31;200;Technologies industrielles fondamentales;;",
                    "2025-04-31;2024-01-01;2024-12-31;200;Technologies industrielles fondamentales;;",
                )
            ],
            "ligne 5, colonne « informationsDeclarees.dateDerniereDeclaration » : valeur « 2025-04-31 » invalide",
        ),
    ],
)
def test_a_bad_file_is_refused_with_its_line_and_column_and_changes_nothing(
    fixtures, tmp_path, replace, message
):
    ChargeurDgefp(fixtures / "dgefp_2026-01.csv", date_donnees=JANVIER).charger()
    before = list(DeclarationActivite.objects.values_list("numero", "denomination", "retire_le"))
    counts = (Chargement.objects.count(), CertificatQualiopi.objects.count(), Changement.objects.count())
    bad = _rewrite(fixtures / "dgefp_2026-03.csv", tmp_path / "dgefp.csv", replace)
    with pytest.raises(CommandError) as error:
        call_command("annuaire", "load-dgefp", str(bad), "-v0")
    assert str(error.value).startswith("Chargement annulé, l'annuaire est inchangé.")
    assert message in str(error.value)
    assert list(DeclarationActivite.objects.values_list("numero", "denomination", "retire_le")) == before
    assert (
        Chargement.objects.count(),
        CertificatQualiopi.objects.count(),
        Changement.objects.count(),
    ) == counts


def test_a_file_that_is_not_utf8_or_empty_or_missing_is_refused(fixtures, tmp_path):
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((fixtures / "dgefp_2026-01.csv").read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(LoadError, match="latin1.csv, vers la ligne .* n'est pas encodé en UTF-8"):
        ChargeurDgefp(latin1).charger()
    empty = tmp_path / "vide.csv"
    empty.write_text((fixtures / "dgefp_2026-01.csv").read_text(encoding="utf-8").splitlines()[0] + "\n")
    with pytest.raises(LoadError, match="vide.csv : le fichier ne contient aucune ligne de données"):
        ChargeurDgefp(empty).charger()
    with pytest.raises(CommandError, match="absent.csv : fichier introuvable"):
        call_command("annuaire", "load-sirene", str(tmp_path / "absent.csv"), "-v0")
    assert not DeclarationActivite.objects.exists() and not UniteLegale.objects.exists()


def test_the_real_uai_file_loads_several_uai_per_siret_geolocated(reference):
    rapport = ChargeurUai(reference / "organismes" / "cfa_conventionnes_pays_de_la_loire_2021.csv").charger()
    assert summaries(rapport)["Codes UAI"] == "53 ajoutés, 0 modifiés, 0 retirés"
    martello = CodeUai.objects.filter(siret="31792693900032")
    assert sorted(martello.values_list("uai", flat=True)) == ["0440334Z", "0442275J"]
    uai = CodeUai.objects.get(uai="0440096R")
    assert (uai.patronyme, uai.code_commune, uai.code_postal) == (
        "POLE FORMAT PAYS DE LA LOIRE -",
        "44020",
        "44340",
    )
    assert uai.unite_legale.siren == "788354264"
    assert uai.date_ouverture == datetime.date(1972, 3, 10)  # the DEPP writes spreadsheet day numbers
    assert 47.1 < float(uai.latitude) < 47.2 and -1.7 < float(uai.longitude) < -1.5  # Bouguenais
    assert UniteLegale.objects.get(siren="788354264").categorie == Categorie.CFA
    assert not CodeUai.objects.filter(siret="").exclude(unite_legale=None).exists()
    # The national file, then the regional one again: what is only in the national one is withdrawn.
    rapport = ChargeurUai(reference / "organismes" / "cfa_conventionnes_regions_depp_2021.csv").charger()
    assert summaries(rapport)["Codes UAI"] == "880 ajoutés, 0 modifiés, 0 retirés"
    rapport = ChargeurUai(reference / "organismes" / "cfa_conventionnes_pays_de_la_loire_2021.csv").charger()
    assert summaries(rapport)["Codes UAI"] == "0 ajoutés, 0 modifiés, 880 retirés"
    assert CodeUai.objects.presents().count() == 53


def test_a_sirene_extract_loads_etablissements_with_their_state(fixtures):
    rapport = ChargeurSirene(fixtures / "sirene_etablissements.csv").charger()
    assert summaries(rapport)["Établissements (annuaire)"] == "5 ajoutés, 0 modifiés, 0 retirés"
    aftral = EtablissementAnnuaire.objects.get(siret="81365600600117")
    assert aftral.etat == EtatAdministratif.FERME and aftral.ferme
    assert aftral.date_debut == datetime.date(2024, 6, 30)
    assert (aftral.siege, aftral.enseigne, aftral.activite_principale) == (False, "AFTRAL", "85.59A")
    assert aftral.adresse == "2 RUE JEAN MERMOZ" and aftral.code_commune == "44172"
    assert aftral.latitude is not None and isinstance(aftral.latitude, Decimal)
    assert list(EtablissementAnnuaire.objects.fermes().values_list("siret", flat=True)) == ["81365600600117"]
    assert UniteLegale.objects.get(siren="383431947").denomination == "ITII PAYS DE LA LOIRE"


def test_a_sirene_line_with_a_bad_state_is_refused(fixtures, tmp_path):
    bad = _rewrite(
        fixtures / "sirene_etablissements.csv", tmp_path / "sirene.csv", [("2024-06-30,F,", "2024-06-30,X,")]
    )
    with pytest.raises(
        LoadError, match=r"sirene.csv, ligne 5, colonne « etatAdministratifEtablissement » : valeur « X »"
    ):
        ChargeurSirene(bad).charger()
    assert not EtablissementAnnuaire.objects.exists()
