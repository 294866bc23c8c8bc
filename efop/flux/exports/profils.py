"""The export profiles efop ships, installed by a data migration (idempotent: a profile or saved
query staff already have is left as they made it). Consumers are subscribed by staff (/exports/)."""

from django.utils import timezone

from ..schedule import next_time

LICENCE_OUVERTE = "Licence Ouverte 2.0 (Etalab), https://www.etalab.gouv.fr/licence-ouverte-open-licence"

# FORPRO is continuing education: formations with an action paid by a funder of adults' training
# (LHEO dict-financeurs: Région, France Travail, company, AGEFIPH, the learner, State-employment,
# OPCO, Transition Pro). Initial training (Éducation nationale, code 12) and offers without such a
# funder stay out.
FORPRO_FINANCEURS = ["2", "4", "5", "7", "10", "11", "16", "17"]

REQUETES = [
    {
        "code": "forpro-formation-continue",
        "nom": "FORPRO — formation continue",
        "description": "Formations dont une action a un financeur de la formation continue des adultes.",
        "criteres": {"financeurs": FORPRO_FINANCEURS},
    }
]

PROFILS = [
    {
        "code": "offre-info",
        "nom": "Offre Info",
        "description": "Toute l'offre publiée, en LHEO 2.3 complet.",
        "requete": None,
        "formats": ["lheo-2.3"],
        "mode": "complet",
        "schedule": "0 5 * * *",
    },
    {
        "code": "forpro",
        "nom": "FORPRO",
        "description": "L'offre de formation continue, en LHEO 2.3 différentiel (avec les retraits).",
        "requete": "forpro-formation-continue",
        "formats": ["lheo-2.3"],
        "mode": "delta",
        "schedule": "0 6 * * 1,4",
    },
    {
        "code": "open-data",
        "nom": "Données ouvertes",
        "description": "Toute l'offre publiée en CSV et JSON lines, sous Licence Ouverte 2.0.",
        "requete": None,
        "formats": ["csv", "jsonl"],
        "mode": "complet",
        "licence": LICENCE_OUVERTE,
        "schedule": "0 4 * * 1",
    },
    {
        "code": "edof",
        "nom": "Profil EDOF",
        "description": "Les formations certifiantes (RNCP, RS) au profil EDOF de Mon Compte Formation, en ISO-8859-1.",
        "requete": None,
        "formats": ["edof"],
        "mode": "complet",
        "schedule": "0 3 * * *",
    },
]


def install(ProfilExport, RequeteSauvegardee) -> int:
    """Create the shipped saved queries and profiles that are missing; returns how many profiles."""
    for requete in REQUETES:
        RequeteSauvegardee.objects.get_or_create(code=requete["code"], defaults=requete)
    created = 0
    for profil in PROFILS:
        values = dict(profil)
        code = values.pop("code")
        requete = values.pop("requete")
        if requete:
            values["requete"] = RequeteSauvegardee.objects.get(code=requete)
        values["next_run_at"] = next_time(
            values["schedule"], timezone.now()
        )  # models of a migration: no save()
        created += ProfilExport.objects.get_or_create(code=code, defaults=values)[1]
    return created
