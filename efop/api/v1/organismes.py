"""Training organisations, by SIRET."""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Router

from efop.doublons.redirects import merged_organisme
from efop.organismes.models import Organisme

from .errors import ERRORS, not_found
from .params import Siret
from .schemas import OrganismeOut

router = Router(tags=["organismes"])


@router.get("/organismes/{siret}", response={200: OrganismeOut, **ERRORS}, summary="Un organisme")
def organisme(request, siret: Siret):
    """Un organisme fusionné avec un autre (doublon) répond 301 vers celui-ci."""
    found = Organisme.objects.select_related("source").filter(siret=siret).first()
    if found is None and (kept := merged_organisme({"cle": f"siret:{siret}"})) and kept.siret:
        return HttpResponsePermanentRedirect(reverse("api-v1:organisme", kwargs={"siret": kept.siret}))
    if found is None:
        raise not_found("Organisme")
    return found
