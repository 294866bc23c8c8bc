"""Default employment territories: one per zone d'emploi of the region, for a demo or a first start.

Staff then edit them (or replace them with the CLPE territories) in the back office. Seeding only
creates the territories that do not exist yet: it never undoes what staff changed.
"""

from django.db import transaction

from .models import PAYS_DE_LA_LOIRE, Commune, Territoire, ZoneEmploi


def seed_from_zones_emploi(region: str = PAYS_DE_LA_LOIRE) -> int:
    """Create a territory « ZE<code> » per zone d'emploi with communes in `region`; returns how many."""
    created = 0
    communes = Commune.objects.active().in_region(region)
    zones = ZoneEmploi.objects.active().filter(communes__in=communes).distinct().order_by("code")
    with transaction.atomic():
        for zone in zones:
            territoire, is_new = Territoire.objects.get_or_create(
                code=f"ZE{zone.code}", defaults={"nom": zone.nom}
            )
            if is_new:
                territoire.communes.set(communes.filter(zone_emploi=zone))
                created += 1
    return created
