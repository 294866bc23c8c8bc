from tests.selections.conftest import data_dir, importer, r2f, requete, trees  # noqa: F401
from tests.web.espace.conftest import (  # noqa: F401
    documentaliste,
    documentaliste_client,
    editeur,
    editeur_client,
    login,
    organisme,
)
