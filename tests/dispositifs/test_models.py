"""The schemes' queries: in force on a date, due for a reminder, and the schemes that can fund a
formation imported from a real LHEO file (its actions' funders, or its tags)."""

from datetime import date

import pytest

from efop.dispositifs.enums import Projet, Statut
from efop.dispositifs.models import Dispositif
from efop.flux.importer import import_lheo
from efop.offre.models import Financeur
from efop.selections.enums import OrigineEtiquetage
from efop.selections.models import Etiquetage, Etiquette

from .factories import DispositifFactory

pytestmark = pytest.mark.django_db


def test_in_force_and_due_for_a_reminder():
    toujours = DispositifFactory()
    fini = DispositifFactory(debut=date(2024, 1, 1), fin=date(2025, 12, 31))
    bientot = DispositifFactory(fin=date(2026, 7, 10))
    futur = DispositifFactory(debut=date(2027, 1, 1))
    DispositifFactory(fin=date(2026, 7, 1), status="archive")
    le = date(2026, 7, 1)
    assert set(Dispositif.objects.publies().en_vigueur(le)) == {toujours, bientot}
    assert set(Dispositif.objects.publies().en_vigueur(date(2027, 1, 1))) == {toujours, futur}
    assert set(Dispositif.objects.a_echeance(30, le)) == {fini, bientot}
    assert set(Dispositif.objects.a_echeance(5, le)) == {fini}


def test_status_and_project_filters_keep_the_schemes_without_a_condition():
    ouvert = DispositifFactory()
    salaries = DispositifFactory(statuts=[Statut.SALARIE], projets=[Projet.VAE])
    DispositifFactory(statuts=[Statut.DEMANDEUR_EMPLOI], projets=[Projet.PERMIS])
    assert set(Dispositif.objects.pour_statut(Statut.SALARIE)) == {ouvert, salaries}
    assert set(Dispositif.objects.pour_projet(Projet.VAE)) == {ouvert, salaries}


@pytest.mark.usefixtures("referentiels")
def test_the_schemes_that_can_fund_an_imported_formation(generator, write_flux):
    import_lheo(write_flux(generator.formations(6)), source="region")
    financeurs = Financeur.objects.exclude(code_financeur="").select_related("action__formation")
    formation = financeurs.first().action.formation
    codes = set(
        Financeur.objects.filter(action__formation=formation).values_list("code_financeur", flat=True)
    )
    autre = next(str(code) for code in range(21) if str(code) not in codes)
    par_financeur = DispositifFactory(codes_financeurs=[autre, sorted(codes)[0]])
    DispositifFactory(codes_financeurs=[autre])
    # a code that only starts like one of the formation's ("1" is not "16")
    premier = sorted(codes)[0]
    DispositifFactory(codes_financeurs=[next(premier + d for d in "0123456789" if premier + d not in codes)])
    etiquette = Etiquette.objects.create(code="transco", libelle="Transco")
    par_etiquette = DispositifFactory()
    par_etiquette.etiquettes.add(etiquette)
    Etiquetage.objects.create(formation=formation, etiquette=etiquette, origine=OrigineEtiquetage.MANUELLE)
    assert set(Dispositif.objects.pour_formation(formation)) == {par_financeur, par_etiquette}
