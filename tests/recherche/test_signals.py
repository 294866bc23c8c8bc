"""Edits made one record at a time (back office, workspace) reach the index when they commit."""

import pytest

from efop.offre.enums import FormationStatus
from efop.offre.models import Formation, Session
from efop.recherche import SearchQuery, search

pytestmark = pytest.mark.django_db


def found(q: str) -> set[int]:
    return {hit.formation_id for hit in search(SearchQuery(q=q), limit=100).hits}


def some_indexed_formation() -> Formation:
    return Formation.objects.published().filter(pk__in=found("")).first()


def test_a_title_edited_by_hand_is_searched_on_commit(offer, django_capture_on_commit_callbacks):
    formation = some_indexed_formation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        formation.intitule = "Zoothérapie équine"
        formation.save()
        assert found("zootherapie") == set()  # not before the commit
    assert callbacks
    assert found("zootherapie") == {formation.pk}


def test_a_formation_withdrawn_by_hand_leaves_the_results(offer, django_capture_on_commit_callbacks):
    formation = some_indexed_formation()
    with django_capture_on_commit_callbacks(execute=True):
        formation.status = FormationStatus.RETIREE
        formation.save()
    assert formation.pk not in found("")


def test_an_edit_never_committed_changes_nothing(offer, django_capture_on_commit_callbacks):
    formation = some_indexed_formation()
    with django_capture_on_commit_callbacks(execute=False):
        formation.intitule = "Zoothérapie équine"
        formation.save()
    assert found("zootherapie") == set()


def test_deleting_the_sessions_of_a_formation_removes_it(offer, django_capture_on_commit_callbacks):
    formation = some_indexed_formation()
    with django_capture_on_commit_callbacks(execute=True):
        for session in Session.objects.filter(action__formation=formation):
            session.delete()
    assert formation.pk not in found("")


def test_an_organisation_renamed_by_hand_is_searched_in_its_formations(
    offer, django_capture_on_commit_callbacks
):
    formation = Formation.objects.published().filter(pk__in=found(""), responsable__isnull=False).first()
    with django_capture_on_commit_callbacks(execute=True):
        formation.responsable.raison_sociale = "Zythologie Ateliers"
        formation.responsable.save()
    cited = set(Formation.objects.citing([formation.responsable_id]).values_list("pk", flat=True))
    assert formation.pk in found("zythologie") == cited & found("")
