"""LheoDateField: an LHEO date stored as three columns, declared once.

``debut = LheoDateField("début")`` adds ``debut`` (a date, the first day of the period it names —
the last day for an end date), ``debut_precision`` (DatePrecision) and ``debut_brut`` (the token as
received: 00000000, 99999999, 20170900…).
"""

from django.db import models

from .enums import DatePrecision


class LheoDateField:
    def __init__(self, verbose_name: str, *, indexed: bool = False):
        # Built now so that the columns keep their declaration order in the model.
        self.fields = {
            "": models.DateField(verbose_name, null=True, blank=True, db_index=indexed),
            "_precision": models.CharField(
                f"{verbose_name} : précision", max_length=10, blank=True, choices=DatePrecision.choices
            ),
            "_brut": models.CharField(f"{verbose_name} : valeur reçue", max_length=50, blank=True),
        }

    def contribute_to_class(self, cls, name: str) -> None:
        for suffix, field in self.fields.items():
            cls.add_to_class(f"{name}{suffix}", field)
