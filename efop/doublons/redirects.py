"""Where the old addresses of merged records lead (public pages and API answer 301 there)."""

from efop.offre.models import Formation
from efop.organismes.models import Organisme

from .enums import TypeDoublon
from .models import Fusion


def merged_formation(pk: int) -> Formation | None:
    """The published formation that formation `pk` was merged into, if it was."""
    kept_id = Fusion.objects.kept_id(TypeDoublon.FORMATION, pk)
    return Formation.objects.published().filter(pk=kept_id).first() if kept_id else None


def merged_organisme(lookup: dict) -> Organisme | None:
    """The organisation kept in place of the merged one that `lookup` ({"pk": id} or {"cle": key}) named."""
    if "cle" in lookup:
        kept_id = Fusion.objects.kept_organisme_ids([lookup["cle"]]).get(lookup["cle"])
    else:
        kept_id = Fusion.objects.kept_id(TypeDoublon.ORGANISME, lookup["pk"])
    return Organisme.objects.filter(pk=kept_id).first() if kept_id else None
