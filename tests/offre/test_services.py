"""Persistence for the importer and the exporter: save_formations, withdraw_missing, formation_tree."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from efop.offre import services
from efop.offre.enums import ContactRole, FormationStatus
from efop.offre.models import Action, ActionFormateur, Contact, Formation, LieuFormation, Session
from efop.organismes.models import Organisme

from .conftest import sanitised
from .factories import FormationFactory, SourceFactory, action_tree, formation_tree, session_tree

pytestmark = pytest.mark.django_db


def exported(formation: Formation):
    return services.formation_tree(formation)


@pytest.mark.parametrize("name", ["onisep", "intercarif", "squelette-2.2", "squelette-2.3", "edof"])
def test_round_trip_through_the_database_on_real_samples(sample_trees, save, source, name):
    trees = sample_trees[name]
    save(trees)
    formations = list(Formation.objects.for_source(source).order_by("id"))
    assert len(formations) == len(trees)
    for formation, tree in zip(formations, trees, strict=True):
        assert exported(formation) == sanitised(tree)


def test_round_trip_through_the_database_of_a_rich_formation(save):
    tree = formation_tree()
    save([tree])
    assert exported(Formation.objects.get()) == sanitised(tree)


def test_rows_of_a_saved_formation(save, source):
    assert save([formation_tree()]) == {"creees": 1, "modifiees": 0, "republiees": 0}
    formation = Formation.objects.get()
    assert (formation.source, formation.cle, formation.numero, formation.status) == (
        source,
        "F1",
        "F1",
        "publiee",
    )
    assert formation.responsable.siret == "12345678901234"
    assert (
        formation.responsable.numero_activite == ""
        and formation.responsable.numero_activite_brut == "99999999999"
    )
    assert formation.codes.count() == 4 and formation.certifications.count() == 2
    assert formation.actions.count() == 2 and Session.objects.filter(action__formation=formation).count() == 4
    assert formation.contacts.filter(role=ContactRole.ORGANISME).count() == 1
    assert formation.contacts.filter(role=ContactRole.FORMATEUR).count() == 4
    assert LieuFormation.objects.filter(principal=True, adresse_ville="Angers").count() == 2
    sans_siret = Organisme.objects.get(siret="")
    assert (sans_siret.cle, sans_siret.siret_brut) == ("test:numero:OF_2", "00000000000000")
    assert Organisme.objects.count() == 3


def test_update_keeps_action_and_session_ids_and_replaces_other_children(save):
    save([formation_tree()])
    formation = Formation.objects.get()
    actions = dict(Action.objects.values_list("cle", "id"))
    sessions = set(Session.objects.values_list("id", flat=True))
    changed = formation_tree(**{"intitule-formation": ["Développeur web et mobile"]})
    changed["action"][0]["session"].append(session_tree("S3"))
    del changed["action"][1]["lieu-de-formation"][0]
    assert save([changed]) == {"creees": 0, "modifiees": 1, "republiees": 0}
    formation.refresh_from_db()
    assert formation.intitule == "Développeur web et mobile"
    assert dict(Action.objects.values_list("cle", "id")) == actions
    assert sessions < set(Session.objects.values_list("id", flat=True))
    assert Session.objects.count() == 5 and LieuFormation.objects.count() == 3
    assert Contact.objects.count() == 2 + 1 + 4
    assert exported(formation) == sanitised(changed)


def test_removed_actions_and_sessions_are_deleted_with_their_children(save):
    save([formation_tree()])
    smaller = formation_tree(actions=[action_tree("A2", sessions=[session_tree("S2")])])
    save([smaller])
    assert list(Action.objects.values_list("cle", flat=True)) == ["A2"]
    assert list(Session.objects.values_list("cle", flat=True)) == ["S2"]
    assert ActionFormateur.objects.count() == 2
    assert exported(Formation.objects.get()) == sanitised(smaller)


def test_withdraw_missing_then_republish(save, source):
    save([formation_tree("F1"), formation_tree("F2")])
    other = SourceFactory(code="autre")
    save([formation_tree("F1")], into=other)
    assert services.withdraw_missing(source, {"F2"}) == 1
    gone = Formation.objects.get(source=source, cle="F1")
    assert gone.status == FormationStatus.RETIREE and gone.withdrawn_at is not None
    assert Formation.objects.published().count() == 2
    assert services.withdraw_missing(source, {"F2"}) == 0
    known = services.existing_digests(source)
    assert set(known) == {"F1", "F2"} and not known["F1"].is_published and known["F2"].is_published
    assert save([formation_tree("F1")]) == {"creees": 0, "modifiees": 1, "republiees": 1}
    gone.refresh_from_db()
    assert gone.status == FormationStatus.PUBLIEE and gone.withdrawn_at is None


def test_existing_digests_ignores_other_statuses_and_sources(source):
    FormationFactory(source=source, cle="A", digest="x")
    FormationFactory(source=source, cle="B", status=FormationStatus.BROUILLON)
    FormationFactory(cle="C")
    assert {cle: known.digest for cle, known in services.existing_digests(source).items()} == {"A": "x"}


def test_organisations_are_shared_by_siret_across_sources_and_completed(save, source):
    save([formation_tree("F1")])
    edof_like = formation_tree("E1")
    edof_like["organisme-formation-responsable"] = [
        {"SIRET-organisme-formation": [{"SIRET": ["12345678901234"]}]}
    ]
    save([edof_like], into=SourceFactory(code="edof"))
    responsable = Organisme.objects.get(siret="12345678901234")
    assert Formation.objects.filter(responsable=responsable).count() == 2
    assert responsable.nom_organisme == "Organisme responsable"  # not erased by the SIRET-only element


def test_a_formateur_only_completes_its_organisation(save):
    tree = formation_tree()
    formateur = tree["action"][0]["organisme-formateur"][0]
    formateur["SIRET-formateur"] = [{"SIRET": ["12345678901234"]}]  # the responsable trains too
    save([tree])
    responsable = Formation.objects.get().responsable
    assert responsable.nom_organisme == "Organisme responsable"
    assert responsable.raison_sociale == "Centre A"  # the responsable sent "-": completed by the formateur
    assert responsable.siret_brut == "012345678901234"
    back = exported(Formation.objects.get())
    assert back["organisme-formation-responsable"][0]["raison-sociale"] == ["Centre A"]
    assert back["action"][0]["organisme-formateur"][0]["SIRET-formateur"] == [{"SIRET": ["12345678901234"]}]
    assert back["action"][0]["organisme-formateur"][0]["raison-sociale-formateur"] == ["Centre A"]


def test_duplicate_numeros_are_kept_apart(save):
    save([formation_tree("F1"), formation_tree("F1")])
    assert sorted(Formation.objects.values_list("cle", flat=True)) == ["F1", "F1#2"]


def test_a_formation_without_numero_gets_a_stable_derived_key(save):
    save([formation_tree(None)])
    (cle,) = Formation.objects.values_list("cle", flat=True)
    assert cle.startswith("~")
    assert save([formation_tree(None)])["modifiees"] == 1


def test_queries_are_bounded_per_batch(save):
    """Never one query per row: on PostgreSQL the same number whatever the batch size; SQLite splits
    wide statements at Django's 999 parameters, still far fewer queries than rows."""

    def queries(trees) -> int:
        with CaptureQueriesContext(connection) as captured:
            save(trees)
        return len(captured)

    small = queries([formation_tree(f"P{i}") for i in range(5)])
    big = queries([formation_tree(f"G{i}") for i in range(60)])
    changed = [formation_tree(f"G{i}", **{"intitule-formation": ["Nouvel intitulé"]}) for i in range(60)]
    updated = queries(changed)
    rows = sum(
        model.objects.count()
        for model in (Formation, Action, Session, LieuFormation, ActionFormateur, Contact)
    )
    assert big < rows / 20 and updated < rows / 20, (small, big, updated, rows)
    if connection.vendor == "postgresql":
        assert big <= small


def test_export_reads_a_bounded_number_of_queries(save, django_assert_max_num_queries):
    save([formation_tree(f"F{i}") for i in range(10)])
    with django_assert_max_num_queries(12):
        trees = [services.formation_tree(f) for f in services.iter_for_export(Formation.objects.published())]
    assert len(trees) == 10


def test_export_reads_no_bookkeeping_column(save):
    save([formation_tree("F1")])
    with CaptureQueriesContext(connection) as captured:
        list(services.iter_for_export(Formation.objects.published()))
    read = " ".join(query["sql"] for query in captured)
    assert "updated_at" not in read and "digest" not in read and "lheo_extra" in read
