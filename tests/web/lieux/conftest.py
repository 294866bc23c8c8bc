"""The workspace's accounts and logged-in clients, for the back office's tests."""

from tests.comptes.conftest import fast_passwords  # noqa: F401
from tests.web.espace.conftest import (  # noqa: F401
    admin_organisme,
    documentaliste,
    documentaliste_client,
    login,
    organisme,
)
