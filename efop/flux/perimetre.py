"""What a source may create or withdraw: its own formations (withdrawals are always limited to
the source's offer) and, when it lists SIRETs, only formations of those responsable organisations."""

from efop.lheo.errors import Problem
from efop.lheo.tree import first_text
from efop.lheo.values import normalize_siret

SIRET_PATH = "organisme-formation-responsable/SIRET-organisme-formation/SIRET"


class Perimetre:
    def __init__(self, sirets: set[str]):
        self.sirets = {normalize_siret(siret) for siret in sirets}

    def refuses(self, item) -> Problem | None:
        """A problem when formation `item` (a valid item of efop.lheo.reader) is outside the perimeter."""
        if not self.sirets:
            return None
        siret = first_text(item.tree, SIRET_PATH)
        if normalize_siret(siret) in self.sirets:
            return None
        return Problem(
            formation_numero=item.numero,
            path=SIRET_PATH,
            value=siret,
            message="l'organisme responsable n'est pas dans le périmètre de la source",
            hint="Cette source ne peut déclarer que les formations des SIRET listés dans sa fiche : "
            "ajoutez ce SIRET à la source ou retirez la formation du fichier.",
        )
