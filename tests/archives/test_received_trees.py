"""The archive takes the received tree of a formation an import creates instead of reading it back,
only when the export would give that very tree; the suite runs with EFOP_ARCHIVE_VERIFY, which
reads each one back and compares (tests/conftest.py)."""

import copy

import pytest

from efop.archives.models import VersionFormation
from efop.archives.services import archiver
from efop.lheo.tree import canonical_json
from efop.offre import services as offre
from efop.offre.models import Formation
from efop.offre.persistence import FormationBatch
from efop.organismes.models import IDENTITY_COLUMNS, Organisme

from ..offre.factories import SourceFactory
from .conftest import live_offer

pytestmark = pytest.mark.django_db


def parsed(trees):
    keys = offre.FormationKeys()
    return [
        offre.ParsedRecord.of(keys.cle(tree), tree["@numero"], str(index), "2.3", tree)
        for index, tree in enumerate(trees)
    ]


def saved_batch(source, trees) -> FormationBatch:
    batch = FormationBatch(source, parsed(trees))
    batch.save()
    return batch


def test_created_formations_give_the_tree_the_export_gives(trees):
    batch = saved_batch(SourceFactory(code="greta"), trees)
    received = batch.received_trees()
    assert sorted(received) == sorted(Formation.objects.values_list("pk", flat=True))
    for pk, tree in live_offer(diffusees=False).items():
        assert received[pk][0] == canonical_json(tree)


def test_formations_that_existed_are_read_back(trees):
    source = SourceFactory(code="greta")
    saved_batch(source, trees[:3])
    changed = copy.deepcopy(trees[0])
    changed["intitule-formation"] = ["Soudeur assembleur"]
    batch = saved_batch(source, [changed, trees[3]])
    assert list(batch.received_trees()) == [Formation.objects.get(numero=trees[3]["@numero"]).pk]


def test_an_organisation_completed_elsewhere_is_read_back(trees, settings):
    """The file leaves a column of the responsable empty that the stored organisation fills: the
    export gives the stored value, so the received tree is not the one to archive."""
    settings.EFOP_ARCHIVE_VERIFY = False  # what is archived must be right by itself
    source = SourceFactory(code="greta")
    saved_batch(source, trees[:1])
    organisme = Formation.objects.select_related("responsable").get().responsable
    column = next(c for c in IDENTITY_COLUMNS if getattr(organisme, c) == "" and c != "siret")
    Organisme.objects.filter(pk=organisme.pk).update(**{column: "X" * 8})
    siblings = copy.deepcopy(trees[1:3])
    for sibling in siblings:
        sibling["organisme-formation-responsable"] = copy.deepcopy(
            trees[0]["organisme-formation-responsable"]
        )
    assert saved_batch(source, siblings[:1]).received_trees() == {}
    offre.save_formations(source, parsed(siblings[1:]))
    new = Formation.objects.get(numero=siblings[1]["@numero"])
    version = VersionFormation.objects.get(formation=new, valid_to__isnull=True)
    assert version.arbre == live_offer()[new.pk]
    assert "X" * 8 in canonical_json(version.arbre)


def test_a_received_tree_that_does_not_read_back_is_refused(trees):
    batch = saved_batch(SourceFactory(code="greta"), trees[:1])
    ((pk, (tree, record)),) = batch.received_trees().items()
    with pytest.raises(AssertionError, match="differs from what reads back"):
        archiver([pk], received={pk: (tree.replace(trees[0]["@numero"], "autre"), record)})
