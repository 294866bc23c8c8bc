"""Staff corrections of a partner flow's values survive the next imports of that flow."""

import copy

import pytest

from efop.flux.importer import import_lheo
from efop.flux.models import Source
from efop.historique import overrides
from efop.historique.context import acting
from efop.historique.models import Changement, Surcharge
from efop.lheo.reader import read_lheo
from efop.moderation import workflow
from efop.moderation.revisions import start_revision
from efop.offre.enums import FormationStatus
from efop.offre.models import Action, Formation, Session
from tests.comptes.factories import DocumentalisteFactory, UserFactory
from tests.offre.factories import FormationFactory, SourceFactory

pytestmark = pytest.mark.django_db

CORRECTED = "BTS Négociation et digitalisation de la relation client (NDRC)"


@pytest.fixture
def onisep_tree(lheo_samples):
    with read_lheo(lheo_samples["onisep"]) as doc:
        (tree,) = [item.tree for item in doc.formations()]
    return tree


def stored():
    return (
        sorted(Formation.objects.values_list("id", "intitule", "objectif", "updated_at")),
        sorted(Action.objects.values_list("id", "rythme", "updated_at")),
        sorted(Session.objects.values_list("id", "updated_at")),
        sorted(Surcharge.objects.values_list("id", "valeur", "valeur_source", "at")),
        Changement.objects.count(),
    )


def correct(user, instance, values):
    with acting(user=user):
        workflow.propose_update(user, instance, values)


def test_a_correction_survives_the_next_import_of_the_flow(lheo_samples, onisep_tree, write_flux):
    import_lheo(lheo_samples["onisep"], source="onisep")
    formation = Formation.objects.get()
    action = formation.actions.get()
    sent = formation.intitule
    documentaliste = DocumentalisteFactory()
    correct(documentaliste, formation, {"intitule": CORRECTED})
    correct(documentaliste, action, {"rythme": "Temps plein, 35 h par semaine"})

    surcharge = Surcharge.objects.get(champ="intitule")
    assert (surcharge.valeur, surcharge.valeur_source, surcharge.auteur) == (CORRECTED, sent, documentaliste)

    changed = copy.deepcopy(onisep_tree)
    changed["intitule-formation"] = ["BTS NRC (nouvel intitulé du partenaire)"]
    changed["objectif-formation"] = ["Un objectif revu par le partenaire."]
    report = import_lheo(write_flux([changed], name="onisep-v2.xml"), source="onisep")
    assert report.counts["modifiees"] == 1

    formation.refresh_from_db()
    assert formation.intitule == CORRECTED  # the correction survives
    assert formation.objectif == "Un objectif revu par le partenaire."  # the rest follows the flow
    assert Action.objects.get(pk=action.pk).rythme == "Temps plein, 35 h par semaine"
    surcharge.refresh_from_db()
    assert surcharge.valeur_source == "BTS NRC (nouvel intitulé du partenaire)"

    shown = {o.label: o for o in overrides.for_formation(formation)}
    assert shown["Intitulé"].valeur == CORRECTED
    assert shown["Intitulé"].valeur_source == "BTS NRC (nouvel intitulé du partenaire)"
    assert set(shown) == {"Intitulé", "Rythme"}

    before = stored()
    again = import_lheo(write_flux([changed], name="onisep-v2.xml"), source="onisep")
    assert again.counts["inchangees"] == 1
    assert stored() == before  # an unchanged re-import writes nothing


def test_putting_back_the_flows_value_ends_the_correction(lheo_samples):
    import_lheo(lheo_samples["onisep"], source="onisep")
    formation = Formation.objects.get()
    sent = formation.intitule
    documentaliste = DocumentalisteFactory()
    correct(documentaliste, formation, {"intitule": CORRECTED})
    correct(documentaliste, formation, {"intitule": "Autre correction"})
    assert Surcharge.objects.get().valeur_source == sent
    correct(documentaliste, formation, {"intitule": sent})
    assert not Surcharge.objects.exists()


def test_only_staff_changes_to_partner_flows_are_corrections():
    documentaliste = DocumentalisteFactory()
    own = FormationFactory(source=SourceFactory(code=Source.ESPACE))
    correct(documentaliste, own, {"intitule": "Saisie de l'organisme"})
    flow = FormationFactory()
    correct(UserFactory(), flow, {"intitule": "Par un organisme"})
    with acting(user=documentaliste):
        revision = start_revision(flow)
        workflow.propose_update(documentaliste, revision, {"intitule": "Dans une révision"})
    assert not Surcharge.objects.exists()


def test_a_formation_withdrawn_by_staff_stays_withdrawn(lheo_samples):
    import_lheo(lheo_samples["onisep"], source="onisep")
    formation = Formation.objects.get()
    with acting(user=DocumentalisteFactory()):
        workflow.withdraw(formation)
    import_lheo(lheo_samples["onisep"], source="onisep")
    formation.refresh_from_db()
    assert formation.status == FormationStatus.RETIREE
