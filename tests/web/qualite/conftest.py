"""The workspace's users and logged-in clients (an organisation's admin, a documentalist…), and
the rows of a CSV report."""

import csv
import io

from efop.qualite.report import COLUMNS
from tests.web.espace.conftest import (  # noqa: F401
    admin_organisme,
    admin_organisme_client,
    documentaliste,
    documentaliste_client,
    fast_passwords,
    login,
    organisme,
)


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
