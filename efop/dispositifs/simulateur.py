"""The finder over the base: the published schemes in force, each judged by efop.dispositifs.eligibilite."""

from dataclasses import dataclass
from datetime import date

from efop.referentiels.models import Commune

from .eligibilite import ORDER, Evaluation, Lieu, Reponses, Zone, evaluer
from .models import Dispositif


@dataclass
class Resultat:
    dispositif: Dispositif
    evaluation: Evaluation


def lieu_de(commune: Commune) -> Lieu:
    return Lieu(
        nom=commune.nom,
        departement=Zone(commune.departement.code, commune.departement.nom),
        region=commune.region.code if commune.region_id else "",
        territoires=frozenset(commune.territoires.values_list("code", flat=True)),
    )


def trouver(reponses: Reponses, le: date | None = None) -> list[Resultat]:
    """Every published scheme in force on `le`, eligible ones first, then those to check, then the others."""
    dispositifs = Dispositif.objects.publies().en_vigueur(le).prefetch_related("territoires")
    resultats = [Resultat(d, evaluer(d.criteres(), reponses)) for d in dispositifs]
    return sorted(resultats, key=lambda r: (ORDER[r.evaluation.verdict], r.dispositif.nom))
