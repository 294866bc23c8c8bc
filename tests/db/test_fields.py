"""efop.db.fields.JsonTextField: JSON kept as text, read and written whole by the ORM and efop.db.bulk."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from efop.archives.models import VersionFormation
from efop.db import bulk

pytestmark = pytest.mark.django_db

TREE = {"intitule-formation": ["Soudeur é"], "action": [{"@numero": "1", "niveau": 3}], "vide": []}


def version(**values):
    return {
        "source_code": "greta",
        "cle": "F1",
        "empreinte": "0" * 64,
        "valid_from": timezone.now(),
        "motif": "import",
        **values,
    }


def stored_text(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT arbre FROM archives_versionformation WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_orm_writes_canonical_json_text_and_reads_the_value_back():
    saved = VersionFormation.objects.create(formation_id=1, arbre=TREE, **version())
    assert (
        stored_text(saved.pk)
        == '{"action":[{"@numero":"1","niveau":3}],"intitule-formation":["Soudeur é"],"vide":[]}'
    )
    assert VersionFormation.objects.get(pk=saved.pk).arbre == TREE
    assert VersionFormation.objects.values_list("arbre", flat=True).get(pk=saved.pk) == TREE


def test_bulk_writes_encoded_text_as_it_is_and_values_encoded():
    with_text = version(formation_id=1, arbre=bulk.EncodedJson('{"a":[1]}'))
    with_value = version(formation_id=2, arbre={"b": "é"}, cle="F2")
    with transaction.atomic():
        bulk.insert_new(VersionFormation, [with_text, with_value])
    assert stored_text(with_text["id"]) == '{"a":[1]}'
    assert stored_text(with_value["id"]) == '{"b":"é"}'
    read = bulk.select(VersionFormation, "id", [with_text["id"], with_value["id"]], columns=("id", "arbre"))
    assert sorted(read, key=lambda row: row["id"]) == [
        {"id": with_text["id"], "arbre": {"a": [1]}},
        {"id": with_value["id"], "arbre": {"b": "é"}},
    ]


def test_the_column_is_text_on_every_database():
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "archives_versionformation")
    (arbre,) = [column for column in columns if column.name == "arbre"]
    assert connection.introspection.get_field_type(arbre.type_code, arbre) == "TextField"
