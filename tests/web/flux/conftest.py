from tests.flux.conftest import data_dir, inbox, source  # noqa: F401
from tests.web.espace.conftest import (  # noqa: F401
    documentaliste,
    documentaliste_client,
    editeur,
    editeur_client,
    login,
    organisme,
)
