from tests.doublons.conftest import onisep_tree, twice  # noqa: F401
from tests.web.espace.conftest import (  # noqa: F401
    admin_organisme,
    admin_organisme_client,
    documentaliste,
    documentaliste_client,
    fast_passwords,
    login,
    organisme,
)
