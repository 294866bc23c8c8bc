"""Model fields shared by the apps."""

import json

from django.db import models

from efop.lheo.tree import canonical_json


class JsonTextField(models.TextField):
    """A JSON document kept as text on every database: for documents only ever written and read
    whole (never queried inside), which PostgreSQL's jsonb would parse on every write and rebuild
    on every read. Written as canonical JSON (efop.lheo.tree.canonical_json) unless given as text
    (efop.db.bulk.EncodedJson)."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        return None if value is None else canonical_json(value)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))
