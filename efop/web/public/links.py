"""Canonical addresses of the public pages: /formations/<id>-<slug>/, /organismes/<SIRET or id>-<slug>/."""

from django.urls import reverse
from django.utils.text import slugify

from efop.offre.models import Formation
from efop.organismes.models import Organisme

SLUG_LENGTH = 80
SIRET_LENGTH = 14


def _slug(text: str, fallback: str) -> str:
    return slugify(text)[:SLUG_LENGTH].strip("-") or fallback


def formation_slug(formation: Formation) -> str:
    return _slug(formation.intitule, "formation")


def formation_url(formation: Formation) -> str:
    return reverse("public:formation", kwargs={"pk": formation.pk, "slug": formation_slug(formation)})


def organisme_key(organisme: Organisme) -> str:
    """The SIRET when the organisation is identified by it (stable across imports), else its id."""
    return organisme.siret if organisme.cle == f"siret:{organisme.siret}" else str(organisme.pk)


def organisme_slug(organisme: Organisme) -> str:
    return _slug(str(organisme), "organisme")


def organisme_url(organisme: Organisme) -> str:
    return reverse(
        "public:organisme", kwargs={"key": organisme_key(organisme), "slug": organisme_slug(organisme)}
    )


def organisme_lookup(key: str) -> dict:
    """The filter that finds the organisation of a URL key."""
    return {"cle": f"siret:{key}"} if len(key) == SIRET_LENGTH else {"pk": int(key)}
