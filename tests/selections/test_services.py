"""Tags by hand and by saved queries: set-based writes, the change log of each formation, and the
saved queries re-applied after each import (query tags follow the criteria, manual tags stay)."""

import pytest

from efop.flux.models import ImportRun
from efop.historique.enums import Operation
from efop.historique.history import history_context
from efop.historique.models import Changement
from efop.offre.models import Formation
from efop.selections import services
from efop.selections.enums import OrigineEtiquetage
from efop.selections.models import Etiquetage, Etiquette, RequeteSauvegardee
from tests.comptes.factories import DocumentalisteFactory

from .conftest import set_formacode

pytestmark = pytest.mark.django_db


def tagged(etiquette, origine=None) -> set[str]:
    rows = Etiquetage.objects.filter(etiquette=etiquette)
    if origine:
        rows = rows.filter(origine=origine)
    return set(rows.values_list("formation__numero", flat=True))


def test_manual_tag_is_put_once_and_recorded_in_the_formation_history(importer, trees, r2f):
    importer(trees)
    staff = DocumentalisteFactory()
    formations = Formation.objects.filter(numero__in=["AF_0000003", "AF_0000004"])
    before = {f.pk: f.updated_at for f in formations}

    assert services.etiqueter(formations, r2f, auteur=staff) == 2
    assert services.etiqueter(formations, r2f, auteur=staff) == 0  # already there
    assert tagged(r2f) == {"AF_0000003", "AF_0000004"}
    formation = formations.get(numero="AF_0000003")
    assert formation.updated_at > before[formation.pk]  # the API's change feed hands it out again
    (change,) = Changement.objects.for_formation(formation.pk).filter(content_type__model="etiquetage")
    assert (change.operation, change.auteur, change.libelle) == (Operation.CREATION, staff, "R2F")
    shown = history_context(formation)["historique"][0]
    assert shown.objet == "Étiquetage « R2F »"
    assert ("Étiquette", "—", "R2F") in [(f.label, f.old, f.new) for f in shown.fields]

    assert services.desetiqueter([formation.pk], r2f, auteur=staff) == 1
    assert tagged(r2f) == {"AF_0000004"}
    removal = Changement.objects.for_formation(formation.pk).filter(operation=Operation.SUPPRESSION).get()
    assert removal.champs["etiquette"] == [r2f.pk, None] and removal.auteur == staff


def test_a_saved_query_tags_its_result_and_returns_counts(importer, trees, requete, r2f):
    importer(trees)
    # The import already applied it (the query existed): applying again changes nothing.
    assert tagged(r2f, OrigineEtiquetage.REQUETE) == {"AF_0000001", "AF_0000002"}
    assert services.appliquer_requete(requete) == services.Bilan(0, 0)
    Etiquetage.objects.all().delete()
    assert services.appliquer_requete(requete) == services.Bilan(2, 0)
    assert set(Etiquetage.objects.values_list("requete", flat=True)) == {requete.pk}


def test_query_tags_follow_each_import_and_manual_tags_stay(importer, trees, requete, r2f):
    first = importer(trees)
    assert tagged(r2f) == {"AF_0000001", "AF_0000002"}
    services.etiqueter(Formation.objects.filter(numero="AF_0000001"), r2f)  # by hand too
    cpf = Etiquette.objects.create(code="abondement-cpf", libelle="Abondement CPF")
    services.etiqueter(Formation.objects.filter(numero="AF_0000005"), cpf)

    set_formacode(trees[0], trees.ailleurs)  # the first formation leaves the criteria
    set_formacode(trees[4], trees.domaine)  # the fifth one enters them
    second = importer(trees)

    assert tagged(r2f, OrigineEtiquetage.REQUETE) == {"AF_0000002", "AF_0000005"}
    assert tagged(r2f, OrigineEtiquetage.MANUELLE) == {"AF_0000001"}
    assert tagged(cpf) == {"AF_0000005"}
    gone = Formation.objects.get(numero="AF_0000001")
    changes = Changement.objects.for_formation(gone.pk).filter(content_type__model="etiquetage")
    # Put by the first import's run, removed by the second's (the manual one by nobody's run).
    assert {(c.operation, c.run_id) for c in changes} == {
        (Operation.CREATION, first.run.pk),
        (Operation.SUPPRESSION, second.run.pk),
        (Operation.CREATION, None),
    }
    assert ImportRun.objects.count() == 2


def test_a_dry_run_import_applies_nothing(write_flux, trees, requete, r2f):
    from efop.flux.importer import import_lheo

    import_lheo(write_flux(list(trees)), source="greta", dry_run=True)
    assert not Etiquetage.objects.exists()


def test_two_queries_of_one_tag_keep_it_while_one_of_them_matches(importer, trees, requete, r2f):
    importer(trees)
    autre = RequeteSauvegardee.objects.create(
        nom="Premier seulement",
        code="premier",
        criteres={"organismes": [Formation.objects.get(numero="AF_0000001").responsable.siret]},
        etiquette=r2f,
    )
    services.appliquer_requetes()
    set_formacode(trees[0], trees.ailleurs)
    importer(trees)
    assert "AF_0000001" in tagged(r2f, OrigineEtiquetage.REQUETE)  # the other query still selects it

    services.supprimer_requete(autre)
    assert tagged(r2f, OrigineEtiquetage.REQUETE) == {"AF_0000002"}
    assert not RequeteSauvegardee.objects.filter(code="premier").exists()


def test_a_query_changed_to_another_tag_takes_its_old_tags_off(importer, trees, requete, r2f):
    importer(trees)
    transco = Etiquette.objects.create(code="transco", libelle="Transco")
    requete.etiquette = transco
    requete.save()
    assert services.appliquer_requete(requete) == services.Bilan(2, 2)
    assert not tagged(r2f) and tagged(transco) == {"AF_0000001", "AF_0000002"}


def test_deleting_a_tag_records_each_removal(importer, trees, requete, r2f):
    importer(trees)
    assert services.supprimer_etiquette(r2f) == 2
    assert not Etiquetage.objects.exists()
    assert (
        Changement.objects.filter(operation=Operation.SUPPRESSION, content_type__model="etiquetage").count()
        == 2
    )
    requete.refresh_from_db()
    assert requete.etiquette is None


def test_an_unreadable_query_never_fails_an_import(importer, trees, requete, r2f):
    RequeteSauvegardee.objects.filter(pk=requete.pk).update(criteres={"financeur": ["10"]})
    report = importer(trees)
    assert report.run.status == "succeeded" and not Etiquetage.objects.exists()
