"""Training organisations, by SIRET."""

from ninja import Router

from efop.organismes.models import Organisme

from .errors import ERRORS, not_found
from .params import Siret
from .schemas import OrganismeOut

router = Router(tags=["organismes"])


@router.get("/organismes/{siret}", response={200: OrganismeOut, **ERRORS}, summary="Un organisme")
def organisme(request, siret: Siret):
    found = Organisme.objects.select_related("source").filter(siret=siret).first()
    if found is None:
        raise not_found("Organisme")
    return found
