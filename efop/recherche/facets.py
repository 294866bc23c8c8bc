"""Facet counts: for each value of a facet, how many formations have a matching row with that value.

A facet's counts apply every filter but its own, so that its other values show what choosing them
would add. Facets whose filter is not used share the same rows, and are counted together with the
total in one statement: one row per formation with a 0/1 flag per facet value, summed; the
départements are a second branch of the same statement over the same rows.

The flags are written as SQL here rather than as ORM expressions: there are about forty of them,
and compiling them through the ORM cost more than running the statement.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from efop.lheo.conversions import code_niveau
from efop.referentiels.cache import per_load
from efop.referentiels.models import Departement

from . import codes
from .enums import FinanceurGroupe, Niveau
from .query import FacetValue, Modalite

DEPARTEMENT = "departement"
ROW_COLUMNS = ("fiche_id", "financements", "modalite", "niveau", "certifiante", DEPARTEMENT)


@dataclass(frozen=True)
class _Value:
    value: str
    label: str
    condition: str  # SQL on the columns of ROW_COLUMNS, with %s placeholders for `params`
    params: tuple = ()


FLAG_FACETS: dict[str, list[_Value]] = {
    "financeur": [
        _Value(groupe.value, groupe.label, f"(financements & {codes.groupe_bits(groupe)}) > 0")
        for groupe in FinanceurGroupe
    ],
    "modalite": [_Value(m.value, m.label, "modalite = %s", (m.value,)) for m in Modalite],
    "niveau": [_Value(code_niveau(level), level.label, "niveau = %s", (int(level),)) for level in Niveau],
    "certifiante": [
        _Value("oui", "Certifiante", "certifiante = %s", (True,)),
        _Value("non", "Non certifiante", "certifiante = %s", (False,)),
    ],
}
FACETS = [*FLAG_FACETS, DEPARTEMENT]


def count_facets(rows: Callable[[str | None], QuerySet], filtered: Iterable[str]) -> dict:
    """{facet: [FacetValue…]} (values without formations left out), plus "total". `rows(without)`
    are the index rows that pass every filter but the one named `without` (None: every filter);
    `filtered` names the filters in use."""
    by_rows: dict[str | None, list[str]] = {None: []}
    for name in FACETS:
        by_rows.setdefault(name if name in filtered else None, []).append(name)
    counted: dict = {}
    for without, names in by_rows.items():
        total, found = _count(rows(without), names)
        if without is None:
            counted["total"] = total
        counted |= found
    return {"total": counted["total"], **{name: counted[name] for name in FACETS}}


def _count(rows: QuerySet, names: list[str]) -> tuple[int, dict[str, list[FacetValue]]]:
    """The number of formations of `rows`, and the counts of the facets `names` over them."""
    values = [(name, value) for name in names if name in FLAG_FACETS for value in FLAG_FACETS[name]]
    try:
        rows_sql, rows_params = rows.values(*ROW_COLUMNS).query.sql_with_params()
    except EmptyResultSet:  # a filter that no code can match (e.g. an unknown level)
        return 0, {name: [] for name in names}
    flags = "".join(
        f", MAX(CASE WHEN {value.condition} THEN 1 ELSE 0 END) AS f{i}" for i, (_, value) in enumerate(values)
    )
    sums = "".join(f", SUM(f{i})" for i in range(len(values)))
    sql = (
        f"WITH matching AS ({rows_sql}) "
        f"SELECT '' AS departement, COUNT(*){sums} FROM "
        f"(SELECT fiche_id{flags} FROM matching GROUP BY fiche_id) per_formation"
    )
    if DEPARTEMENT in names:
        nulls = ", NULL" * len(values)
        sql += (
            f" UNION ALL SELECT departement, COUNT(DISTINCT fiche_id){nulls} FROM matching"
            " WHERE departement <> '' GROUP BY departement"
        )
    params = [*rows_params, *(param for _, value in values for param in value.params)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    departements: dict[str, int] = {}
    for departement, total_or_count, *sums_found in result:
        if departement:
            departements[departement] = total_or_count
        else:
            total, flag_counts = total_or_count, [count or 0 for count in sums_found]
    found = {name: [] for name in names}
    for (name, value), count in zip(values, flag_counts, strict=True):
        if count:
            found[name].append(FacetValue(value.value, value.label, count))
    if DEPARTEMENT in names:
        names_of = _departement_names()
        found[DEPARTEMENT] = [
            FacetValue(code, names_of.get(code, code), departements[code]) for code in sorted(departements)
        ]
    return total, found


@per_load(maxsize=1)
def _departement_names() -> dict[str, str]:
    return dict(Departement.objects.values_list("code", "nom"))
