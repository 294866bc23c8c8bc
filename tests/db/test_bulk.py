"""efop.db.bulk: ids allocated up front, executemany inserts/updates, raw deletes."""

import datetime
from decimal import Decimal

import pytest

from efop.db import bulk
from efop.flux.models import Source
from efop.organismes.models import Organisme

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.create(code="greta", nom="GRETA")


def test_allocated_ids_are_new_even_after_the_last_rows_were_deleted(source):
    last = Organisme.objects.create(cle="a", source=source).pk
    Organisme.objects.filter(pk=last).delete()
    ids = bulk.allocate_ids(Organisme, 3)
    assert len(set(ids)) == 3 and min(ids) > last


@pytest.mark.django_db(transaction=True)
def test_allocation_requires_a_transaction():
    with pytest.raises(RuntimeError):
        bulk.allocate_ids(Organisme, 1)


def test_insert_update_and_delete_round_trip(source):
    (pk,) = bulk.allocate_ids(Organisme, 1)
    bulk.insert(
        Organisme,
        [
            {
                "id": pk,
                "cle": "siret:1",
                "source_id": source.pk,
                "identification": "siret",
                "adresse_lignes": ["1 rue X"],
                "adresse_latitude": Decimal("47.12345678"),
            }
        ],
    )
    organisme = Organisme.objects.get(pk=pk)
    assert (organisme.cle, organisme.adresse_lignes, organisme.adresse_latitude) == (
        "siret:1",
        ["1 rue X"],
        Decimal("47.12345678"),
    )
    assert organisme.raison_sociale == "" and organisme.web == [] and organisme.created_at is not None
    later = organisme.updated_at + datetime.timedelta(days=1)
    bulk.update(
        Organisme,
        ["raison_sociale", "web", "updated_at"],
        [{"id": pk, "raison_sociale": "GRETA", "web": ["https://greta.fr"], "updated_at": later}],
    )
    organisme.refresh_from_db()
    assert (organisme.raison_sociale, organisme.web, organisme.updated_at) == (
        "GRETA",
        ["https://greta.fr"],
        later,
    )
    bulk.delete_in(Organisme, "id", [pk])
    assert not Organisme.objects.exists()


def test_insert_rows_of_different_shapes_in_one_call(source):
    """Rows giving different columns, in any order: each column gets its value, its default, or
    "now" for the auto_now columns (even when a row gives a value for them)."""
    first, second, third = bulk.allocate_ids(Organisme, 3)
    long_ago = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
    bulk.insert(
        Organisme,
        [
            {"id": first, "cle": "a", "source_id": source.pk, "identification": "nom"},
            {"raison_sociale": "GRETA", "identification": "siret", "cle": "b", "id": second, "web": ["x"]},
            {
                "id": third,
                "cle": "c",
                "identification": "nom",
                "created_at": long_ago,
                "updated_at": long_ago,
            },
        ],
    )
    rows = {row["cle"]: row for row in Organisme.objects.values()}
    assert (rows["a"]["id"], rows["a"]["source_id"], rows["a"]["raison_sociale"], rows["a"]["web"]) == (
        first,
        source.pk,
        "",
        [],
    )
    assert (rows["b"]["id"], rows["b"]["source_id"], rows["b"]["raison_sociale"], rows["b"]["web"]) == (
        second,
        None,
        "GRETA",
        ["x"],
    )
    assert rows["c"]["created_at"] > long_ago and rows["c"]["updated_at"] > long_ago
    assert rows["a"]["created_at"] == rows["b"]["created_at"] == rows["c"]["created_at"]


def test_select_gives_what_values_gives(source):
    Organisme.objects.create(
        cle="a", source=source, adresse_lignes=["1 rue X"], web=[], adresse_latitude=Decimal("47.12345678")
    )
    Organisme.objects.create(cle="b", source=source, raison_sociale="GRETA")
    ids = list(Organisme.objects.order_by("cle").values_list("pk", flat=True))
    expected = list(Organisme.objects.order_by("cle").values())
    assert bulk.select(Organisme, "id", ids, order_by=("cle",)) == expected
    assert bulk.select(Organisme, "id", []) == []


def test_select_reads_only_the_columns_asked_for(source):
    Organisme.objects.create(cle="a", source=source, raison_sociale="GRETA", web=["https://greta.fr"])
    ids = list(Organisme.objects.values_list("pk", flat=True))
    expected = list(Organisme.objects.values("id", "raison_sociale", "web"))
    assert bulk.select(Organisme, "id", ids, columns=("id", "raison_sociale", "web")) == expected
