"""Writes of schemes: the form's validation (shared with the import), the change log of fields and
links, publish/archive, and CSV/JSON files imported all or nothing and exported back."""

import json

import pytest
from django.utils.datastructures import MultiValueDict

from efop.dispositifs import services
from efop.dispositifs.enums import DispositifStatus, Statut
from efop.dispositifs.forms import DispositifForm
from efop.dispositifs.models import Dispositif
from efop.historique.enums import Operation
from efop.historique.models import Changement
from tests.comptes.factories import DocumentalisteFactory

from .factories import DispositifFactory

REFERENTIELS = ["communes", "lheo", "rome"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]


def form_data(**values) -> MultiValueDict:
    data = MultiValueDict({"nom": ["Aide régionale"], "niveau": ["regional"]})
    for name, value in values.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def test_the_form_checks_funder_and_rome_codes_ages_and_dates():
    form = DispositifForm(
        form_data(
            codes_financeurs=["2", "99"],
            metiers="J1501 Z9999",
            age_min="30",
            age_max="25",
            fin="2026-01-01",
            debut="2026-02-01",
        )
    )
    assert not form.is_valid()
    assert "99" in form.errors["codes_financeurs"][0]
    assert form.errors["metiers"] == [
        "« Z9999 » n'est pas un code ROME (une lettre et 4 chiffres, ex. J1501)."
    ]
    assert form.errors["age_max"] == ["L'âge maximum doit être supérieur ou égal à l'âge minimum."]
    assert form.errors["fin"] == ["La date de fin doit suivre la date de début."]
    unknown = DispositifForm(form_data(metiers="J1501 A0000"))
    assert not unknown.is_valid()
    assert unknown.errors["metiers"] == ["Code ROME inconnu du référentiel : A0000."]
    assert Dispositif.objects.count() == 0


def test_saving_records_fields_and_links_in_the_history():
    staff = DocumentalisteFactory()
    form = DispositifForm(
        form_data(codes_financeurs=["2"], metiers="J1501", statuts=[Statut.DEMANDEUR_EMPLOI])
    )
    assert form.is_valid(), form.errors
    dispositif = services.enregistrer(form, staff)
    assert dispositif.slug == "aide-regionale"
    assert dispositif.cree_par == staff
    edit = DispositifForm(
        form_data(slug="aide-regionale", codes_financeurs=["2", "4"], metiers="J1501 K2111"),
        instance=dispositif,
    )
    assert edit.is_valid(), edit.errors
    services.enregistrer(edit, staff)
    services.publier(dispositif, staff)
    changements = list(Changement.objects.for_object(dispositif).order_by("id"))
    assert [c.operation for c in changements] == [
        Operation.CREATION,
        Operation.MODIFICATION,  # links of the creation
        Operation.MODIFICATION,  # fields of the edit
        Operation.MODIFICATION,  # links of the edit
        Operation.MODIFICATION,  # published
    ]
    assert all(c.auteur == staff for c in changements)
    assert changements[1].champs == {"metiers": [[], ["J1501"]]}
    assert changements[2].champs["codes_financeurs"] == [["2"], ["2", "4"]]
    assert changements[2].champs["statuts"] == [["demandeur-emploi"], []]
    assert changements[3].champs == {"metiers": [["J1501"], ["J1501", "K2111"]]}
    assert changements[4].champs == {"status": ["brouillon", "publie"]}


CSV = (
    "slug;nom;status;niveau;statuts;age_max;codes_financeurs;metiers;fiche_technique\n"
    "cej;Contrat d'engagement jeune;publie;national;jeune|demandeur-emploi;25;11|4;K2111;Allocation mensuelle\n"
    "visa;Visa métiers;brouillon;regional;demandeur-emploi;;2;H2913 F1703;\n"
)


def test_a_csv_file_creates_and_updates_through_the_form():
    bilan = services.importer(CSV, "csv")
    assert [d.slug for d in bilan.crees] == ["cej", "visa"]
    cej = Dispositif.objects.get(slug="cej")
    assert cej.status == DispositifStatus.PUBLIE
    assert cej.statuts == ["jeune", "demandeur-emploi"]
    assert cej.age_max == 25
    assert cej.codes_financeurs == ["11", "4"]
    assert list(cej.metiers.values_list("code", flat=True)) == ["K2111"]
    assert cej.provenance == "import"
    again = services.importer(CSV.replace(";25;", ";29;"), "csv")
    assert (len(again.crees), len(again.modifies)) == (0, 2)
    assert Dispositif.objects.get(slug="cej").age_max == 29


def test_one_bad_row_and_nothing_is_imported():
    bad = CSV + "permis;Aide au permis;publie;national;;;42;;\n"
    with pytest.raises(services.FichierInvalide) as error:
        services.importer(bad, "csv")
    assert error.value.erreurs == [
        "Dispositif n° 3 (Aide au permis), champ « Codes financeurs LHEO » : "
        "Sélectionnez un choix valide. 42 n’en fait pas partie."
    ]
    assert Dispositif.objects.count() == 0
    with pytest.raises(services.FichierInvalide, match="Colonne inconnue : « couleur »"):
        services.importer("nom;couleur\nA;bleu\n", "csv")
    with pytest.raises(services.FichierInvalide, match="JSON illisible"):
        services.importer("[{", "json")


def test_dry_run_changes_nothing():
    bilan = services.importer(CSV, "csv", dry_run=True)
    assert len(bilan.crees) == 2
    assert Dispositif.objects.count() == 0


def test_export_then_import_gives_the_same_schemes():
    services.importer(CSV, "csv")
    exported = services.exporter(Dispositif.objects.order_by("nom"), "json")
    rows = json.loads(exported)
    assert rows[0]["slug"] == "cej" and rows[0]["metiers"] == ["K2111"] and rows[0]["fiche_technique"]
    Dispositif.objects.all().delete()
    services.importer(exported, "json")
    assert services.exporter(Dispositif.objects.order_by("nom"), "json") == exported
    csv_text = services.exporter(Dispositif.objects.order_by("nom"), "csv")
    Dispositif.objects.all().delete()
    services.importer(csv_text, "csv")
    assert services.exporter(Dispositif.objects.order_by("nom"), "json") == exported


def test_archive():
    dispositif = DispositifFactory()
    services.archiver(dispositif)
    assert Dispositif.objects.get(pk=dispositif.pk).status == DispositifStatus.ARCHIVE
    assert not Dispositif.objects.publies().exists()
