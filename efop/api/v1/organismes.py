"""Training organisations, by SIRET."""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Router

from efop.doublons.redirects import merged_organisme
from efop.organismes.annuaire.fiche import fiche
from efop.organismes.models import Organisme

from .errors import ERRORS, not_found
from .params import Siret
from .schemas import OrganismeDetailOut

router = Router(tags=["organismes"])


@router.get("/organismes/{siret}", response={200: OrganismeDetailOut, **ERRORS}, summary="Un organisme")
def organisme(request, siret: Siret):
    """L'organisme, et ce que l'annuaire des organismes dit de son SIREN (`annuaire`, absent quand
    le SIREN n'y est pas) : établissements SIRENE, déclarations d'activité, certificats Qualiopi
    par catégorie avec leurs dates, codes UAI. Un organisme fusionné avec un autre (doublon)
    répond 301 vers celui-ci."""
    found = Organisme.objects.select_related("source").filter(siret=siret).first()
    if found is None and (kept := merged_organisme({"cle": f"siret:{siret}"})) and kept.siret:
        return HttpResponsePermanentRedirect(reverse("api-v1:organisme", kwargs={"siret": kept.siret}))
    if found is None:
        raise not_found("Organisme")
    found.annuaire = _annuaire(fiche(siret))
    return found


def _annuaire(found) -> dict | None:
    if found is None:
        return None
    unite = found.unite_legale
    return {
        "siren": unite.siren,
        "denomination": unite.denomination,
        "categorie": unite.categorie,
        "etablissement": found.etablissement,
        "etablissements": found.etablissements,
        "declarations": found.declarations,
        "certificats_qualiopi": found.certificats,
        "codes_uai": found.codes_uai,
    }
