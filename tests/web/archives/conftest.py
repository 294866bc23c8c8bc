from tests.web.espace.conftest import (  # noqa: F401
    documentaliste,
    documentaliste_client,
    editeur,
    editeur_client,
    login,
    organisme,
)
