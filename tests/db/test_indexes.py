"""The indexes of the tables an import writes: each one costs every imported row, so none repeats
what another index already gives, and every foreign key stays indexed (joins, cascades)."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

IMPORTED = [
    *apps.get_app_config("offre").get_models(),
    apps.get_model("archives", "VersionFormation"),
    apps.get_model("archives", "CritereVersion"),
    apps.get_model("historique", "Changement"),
]


def _indexes(model, *, unique: bool = True) -> dict[str, list[str]]:
    """name → columns of the indexes of `model`'s table (the primary key's excepted; unique ones too
    when not `unique`)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        name: info["columns"]
        for name, info in constraints.items()
        if unique or not info["unique"]
        if (info["index"] or info["unique"])
        and not info["primary_key"]
        and info["columns"]
        # PostgreSQL's pattern-ops twin of a text index serves LIKE, not what the plain one serves
        and not name.endswith("_like")
    }


@pytest.mark.parametrize("model", IMPORTED, ids=lambda model: model._meta.label)
def test_no_index_is_the_start_of_another(model):
    """A unique index enforces something: only the others can be redundant."""
    indexes = _indexes(model)
    redundant = [
        (name, other)
        for name, columns in _indexes(model, unique=False).items()
        for other, longer in indexes.items()
        if other != name and len(longer) > len(columns) and longer[: len(columns)] == columns
    ]
    assert redundant == []


@pytest.mark.parametrize("model", IMPORTED, ids=lambda model: model._meta.label)
def test_every_foreign_key_leads_an_index(model):
    leading = {columns[0] for columns in _indexes(model).values()}
    foreign_keys = [
        field.column for field in model._meta.concrete_fields if field.is_relation and field.many_to_one
    ]
    assert [column for column in foreign_keys if column not in leading] == []
