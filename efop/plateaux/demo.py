"""Demo plateaux techniques (`efop demo load`): three published plateaux of the demo organisation,
at its organisation's commune (or Nantes), the first one named by one of its actions."""

from django.db import transaction
from django.utils import timezone

from efop.offre.saisie import espace_source
from efop.organismes.models import Organisme

from .enums import PlateauStatus, TypePlateau
from .models import ActionPlateau, PlateauTechnique

NANTES = "44109"
DEMO = (
    {
        "intitule": "Atelier de soudage (12 postes)",
        "type": TypePlateau.ATELIER,
        "description": "Atelier de soudage équipé de 12 cabines ventilées (MIG, MAG, TIG, arc).",
        "equipements": "12 postes à souder, cisaille, plieuse, poste d'oxycoupage",
        "formacodes": ["23054"],  # travail des matériaux
        "capacite": 12,
        "surface": 220,
        "mutualisable": True,
        "conditions_tarif": "350 € HT la journée, matière d'œuvre comprise",
        "conditions_modalites": "Du lundi au vendredi hors sessions de l'organisme, formateur habilité requis.",
    },
    {
        "intitule": "Cuisine pédagogique",
        "type": TypePlateau.CUISINE,
        "description": "Cuisine professionnelle avec restaurant d'application de 40 couverts.",
        "equipements": "Pianos, fours mixtes, cellule de refroidissement, chambre froide",
        "formacodes": ["42752"],  # cuisine
        "capacite": 16,
        "surface": 150,
        "mutualisable": False,
    },
    {
        "intitule": "Salle informatique",
        "type": TypePlateau.INFORMATIQUE,
        "description": "Salle de 15 postes avec vidéoprojecteur et logiciels bureautiques.",
        "formacodes": ["11016"],  # analyse de données
        "capacite": 15,
        "mutualisable": True,
        "conditions_tarif": "Sur devis",
    },
)


@transaction.atomic
def ensure_demo_plateaux(organisme: Organisme | None) -> int:
    """Create the demo plateaux of `organisme` unless it has plateaux already; how many were made."""
    if organisme is None or organisme.plateaux.exists():
        return 0
    commune = organisme.adresse_code_insee_commune or NANTES
    now = timezone.now()
    made = []
    for values in DEMO:
        plateau = PlateauTechnique(
            organisme=organisme,
            source=espace_source(),
            adresse_code_insee_commune=commune,
            accessible_pmr=True,
            status=PlateauStatus.PUBLIE,
            submitted_at=now,
            published_at=now,
            **values,
        )
        plateau.full_clean()
        plateau.save()
        made.append(plateau)
    formation = organisme.formations.published().filter(actions__isnull=False).first()
    if formation is not None:
        ActionPlateau.objects.create(action=formation.actions.first(), plateau=made[0])
    return len(made)
