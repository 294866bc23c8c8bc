from tests.flux.conftest import data_dir  # noqa: F401
from tests.flux.exports.conftest import new_abonnement, new_consommateur, offre, shipped  # noqa: F401
from tests.web.espace.conftest import (  # noqa: F401
    documentaliste,
    documentaliste_client,
    editeur,
    editeur_client,
    login,
    organisme,
)
