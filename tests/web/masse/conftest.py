from tests.masse.conftest import etiquette, offre, requete  # noqa: F401
from tests.web.espace.conftest import (  # noqa: F401
    admin_organisme,
    admin_organisme_client,
    documentaliste,
    documentaliste_client,
    fast_passwords,
    login,
    organisme,
)
