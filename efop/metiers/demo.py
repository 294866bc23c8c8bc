"""Demo content of the métiers base: the real ROME 4.0 fiches and tension list, plus two
observations of the Carif-Oref on Pays de la Loire jobs (idempotent)."""

from efop.referentiels.models import PAYS_DE_LA_LOIRE, Region, Rome

from .enums import SourceTension
from .loaders import LoadReport, load_metiers
from .models import MetierTension

OBSERVATIONS = {
    "H2913": "Soudeurs très recherchés par la construction navale de Saint-Nazaire.",
    "J1501": "Postes d'aides-soignants vacants dans les EHPAD de Vendée et de Mayenne.",
}
ANNEE = 2025


def charger_demo(progress=None) -> LoadReport:
    report = load_metiers(**({"progress": progress} if progress else {}))
    region = Region.objects.filter(code=PAYS_DE_LA_LOIRE).first()
    for code, commentaire in OBSERVATIONS.items():
        rome = Rome.objects.filter(code=code).first()
        if rome and region:
            MetierTension.objects.get_or_create(
                rome=rome,
                region=region,
                source=SourceTension.CARIF_OREF,
                annee=ANNEE,
                defaults={"commentaire": commentaire},
            )
    return report
