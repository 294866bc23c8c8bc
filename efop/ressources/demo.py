"""Demo content of the resources base (`efop demo load`): a thesaurus, some thirty news items,
documents and events of Pays de la Loire (events dated from today on), tagged with real ROME
fiches, communes and their territories when the référentiels are loaded, and a watch source that
is disabled and points to a reserved domain. Idempotent (matched on slugs)."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from efop.referentiels.models import Commune, Rome, Territoire

from .enums import Public, RessourceStatus, TypeEvenement, TypeRessource
from .models import Ressource, SourceVeille, Theme

THEMES = {
    "Orientation": ["Orientation scolaire", "Conseil en évolution professionnelle"],
    "Formation professionnelle": [
        "Apprentissage",
        "Compte personnel de formation",
        "Validation des acquis (VAE)",
    ],
    "Emploi": ["Recrutement", "Métiers en tension"],
    "Insertion": ["Jeunes", "Handicap"],
    "Financement de la formation": [],
    "Transition écologique": [],
}
NANTES, ANGERS, LE_MANS, LA_ROCHE, LAVAL, SAINT_NAZAIRE, CHOLET = (
    "44109", "49007", "72181", "85191", "53130", "44184", "49099",
)  # fmt: skip
A, E, G, T, V, J = (
    TypeRessource.ACTUALITE,
    TypeRessource.ETUDE,
    TypeRessource.GUIDE,
    TypeRessource.TEXTE_JURIDIQUE,
    TypeRessource.VIDEO,
    TypeRessource.EVENEMENT,
)
# (type, title, summary, source, themes, ROME codes, commune, days ago)
DOCUMENTS = [
    (
        A,
        "Apprentissage : nouveau record d'entrées en Pays de la Loire",
        "Plus de 40 000 contrats d'apprentissage ont été signés dans la région en 2025, portés par le "
        "supérieur et les services.",
        "Dares",
        ["Apprentissage"],
        [],
        None,
        3,
    ),
    (
        A,
        "Aides à l'embauche d'un apprenti : ce qui change au 1er janvier",
        "Le montant de l'aide exceptionnelle est révisé selon la taille de l'entreprise et le niveau du "
        "diplôme préparé.",
        "Ministère du Travail",
        ["Apprentissage", "Financement de la formation"],
        [],
        None,
        6,
    ),
    (
        A,
        "Le CPF finance désormais les permis poids lourds",
        "Les permis C, CE et D sont éligibles au compte personnel de formation, avec un reste à charge "
        "de 100 euros.",
        "Caisse des dépôts",
        ["Compte personnel de formation"],
        ["N4101", "N4103"],
        None,
        9,
    ),
    (
        A,
        "Métiers en tension : l'aide à domicile en tête des difficultés de recrutement",
        "L'enquête Besoins en main-d'œuvre place les aides à domicile et les aides-soignants parmi les "
        "métiers les plus difficiles à pourvoir.",
        "France Travail",
        ["Métiers en tension", "Recrutement"],
        ["K1302", "J1501"],
        None,
        12,
    ),
    (
        A,
        "La Région ouvre 2 000 places de formation aux métiers du soin",
        "Le programme régional de formation ouvre des places d'aide-soignant et d'auxiliaire de "
        "puériculture dans les cinq départements.",
        "Région Pays de la Loire",
        ["Formation professionnelle"],
        ["J1501", "J1304"],
        NANTES,
        15,
    ),
    (
        A,
        "VAE : la réforme simplifie les démarches",
        "Le service public de la VAE accompagne les candidats de la recevabilité au jury, avec un "
        "accompagnateur unique.",
        "France VAE",
        ["Validation des acquis (VAE)"],
        [],
        None,
        20,
    ),
    (
        A,
        "Saint-Nazaire : les chantiers navals recrutent soudeurs et tuyauteurs",
        "Les Chantiers de l'Atlantique annoncent des centaines de recrutements ; des formations courtes "
        "préparent aux métiers de la soudure.",
        "Ouest-France",
        ["Recrutement", "Métiers en tension"],
        ["H2913", "H2914"],
        SAINT_NAZAIRE,
        24,
    ),
    (
        A,
        "Handicap : le réseau des référents formation se renforce",
        "Chaque organisme de formation certifié Qualiopi désigne un référent handicap ; une journée "
        "régionale réunit le réseau.",
        "Agefiph",
        ["Handicap"],
        [],
        None,
        30,
    ),
    (
        A,
        "Les Promeneurs du Net accompagnent les jeunes en ligne",
        "Des animateurs jeunesse répondent aux questions d'orientation et d'emploi sur les réseaux sociaux.",
        "CAF",
        ["Jeunes", "Orientation scolaire"],
        [],
        None,
        34,
    ),
    (
        A,
        "Transition écologique : de nouveaux titres professionnels dans le bâtiment",
        "Rénovation énergétique et pompes à chaleur : les titres professionnels évoluent pour intégrer "
        "les gestes de la transition.",
        "Ministère du Travail",
        ["Transition écologique"],
        ["F1603", "F1703"],
        None,
        40,
    ),
    (
        E,
        "Panorama de la formation continue en Pays de la Loire",
        "Qui se forme, dans quels domaines, avec quels financements : les chiffres clés de la formation "
        "des actifs dans la région.",
        "Carif-Oref",
        ["Formation professionnelle"],
        [],
        None,
        45,
    ),
    (
        E,
        "Insertion des apprentis six mois après leur sortie",
        "Sept apprentis sur dix sont en emploi six mois après leur formation ; le taux varie selon le "
        "niveau et la spécialité.",
        "Dares",
        ["Apprentissage", "Jeunes"],
        [],
        None,
        60,
    ),
    (
        E,
        "Les besoins en compétences de l'industrie agroalimentaire",
        "Une étude prospective sur les métiers de la transformation alimentaire en Vendée et en Mayenne.",
        "Carif-Oref",
        ["Métiers en tension"],
        ["H2102", "D1101"],
        LA_ROCHE,
        75,
    ),
    (
        E,
        "Les jeunes ni en emploi ni en formation dans la région",
        "Portrait des jeunes NEET par département et zone d'emploi, et des dispositifs qui les accompagnent.",
        "Insee",
        ["Jeunes", "Insertion"],
        [],
        None,
        90,
    ),
    (
        G,
        "Guide du conseil en évolution professionnelle",
        "Qui peut en bénéficier, qui le délivre, comment se déroule l'accompagnement : le guide pour "
        "les actifs et les conseillers.",
        "Carif-Oref",
        ["Conseil en évolution professionnelle"],
        [],
        None,
        50,
    ),
    (
        G,
        "Financer sa formation quand on est demandeur d'emploi",
        "Aides régionales, AIF, CPF, POEI : le guide des financements possibles et des démarches.",
        "Carif-Oref",
        ["Financement de la formation"],
        [],
        None,
        55,
    ),
    (
        G,
        "Recruter un apprenti : le guide de l'employeur",
        "Les étapes, du choix du CFA à la signature du contrat, et les aides mobilisables.",
        "Chambre de commerce et d'industrie",
        ["Apprentissage", "Recrutement"],
        [],
        None,
        70,
    ),
    (
        T,
        "Décret relatif au compte personnel de formation",
        "Le décret précise les conditions de participation obligatoire du titulaire au financement de "
        "sa formation.",
        "Légifrance",
        ["Compte personnel de formation"],
        [],
        None,
        80,
    ),
    (
        T,
        "Arrêté fixant le référentiel national qualité",
        "Le référentiel des indicateurs Qualiopi applicable aux prestataires d'actions concourant au "
        "développement des compétences.",
        "Légifrance",
        ["Formation professionnelle"],
        [],
        None,
        100,
    ),
    (
        V,
        "Découvrir le métier de cuisinier en vidéo",
        "Trois minutes en cuisine avec des apprentis d'un CFA angevin.",
        "Onisep",
        ["Orientation scolaire"],
        ["G1602"],
        ANGERS,
        33,
    ),
    (
        V,
        "Témoignages : se reconvertir dans le numérique",
        "Quatre anciens stagiaires racontent leur reconversion vers le développement web.",
        "Carif-Oref",
        ["Conseil en évolution professionnelle"],
        ["M1805"],
        NANTES,
        27,
    ),
]
# (title, summary, event type, organiser, themes, ROME codes, commune or None (online), place, days ahead)
EVENEMENTS = [
    (
        "Forum de l'alternance de Nantes",
        "Rencontrez une centaine d'entreprises et de CFA qui recrutent des alternants.",
        TypeEvenement.FORUM_EMPLOI,
        "France Travail",
        ["Apprentissage", "Recrutement"],
        [],
        NANTES,
        "Parc des expositions de la Beaujoire",
        8,
    ),
    (
        "Portes ouvertes du CFA du bâtiment d'Angers",
        "Découvrez les ateliers et les formations du CAP au BP.",
        TypeEvenement.PORTES_OUVERTES,
        "CFA BTP Maine-et-Loire",
        ["Apprentissage"],
        ["F1703"],
        ANGERS,
        "Rue de la Claie",
        12,
    ),
    (
        "Webinaire : le CPF pour les salariés",
        "Une heure pour comprendre ses droits et choisir une formation éligible.",
        TypeEvenement.WEBINAIRE,
        "Carif-Oref",
        ["Compte personnel de formation"],
        [],
        None,
        "",
        5,
    ),
    (
        "Réunion d'information sur les métiers du soin",
        "Les formations d'aide-soignant et d'accompagnant "
        "éducatif et social, leurs financements et la sélection.",
        TypeEvenement.REUNION_INFORMATION,
        "Institut de formation aux soins",
        ["Formation professionnelle"],
        ["J1501"],
        LE_MANS,
        "Maison de l'emploi",
        10,
    ),
    (
        "Job dating industrie à Cholet",
        "Des entreprises industrielles du Choletais recrutent en CDI et en intérim.",
        TypeEvenement.FORUM_EMPLOI,
        "France Travail",
        ["Recrutement", "Métiers en tension"],
        ["H2913", "H2102"],
        CHOLET,
        "Salle des fêtes",
        15,
    ),
    (
        "Webinaire : financer une formation en reconversion",
        "Projet de transition professionnelle, CPF, aides régionales : les parcours possibles.",
        TypeEvenement.WEBINAIRE,
        "Transitions Pro",
        ["Financement de la formation", "Conseil en évolution professionnelle"],
        [],
        None,
        "",
        18,
    ),
    (
        "Salon de l'orientation de Laval",
        "Lycéens et familles rencontrent les établissements du supérieur et de l'apprentissage.",
        TypeEvenement.AUTRE,
        "Ville de Laval",
        ["Orientation scolaire"],
        [],
        LAVAL,
        "Espace Mayenne",
        22,
    ),
    (
        "Portes ouvertes de l'AFPA de La Roche-sur-Yon",
        "Visite des plateaux techniques et présentation des titres professionnels.",
        TypeEvenement.PORTES_OUVERTES,
        "AFPA",
        ["Formation professionnelle"],
        ["N4101"],
        LA_ROCHE,
        "Centre AFPA",
        26,
    ),
    (
        "Rencontre régionale des référents handicap",
        "Une journée d'échanges entre organismes de formation sur l'accueil des personnes handicapées.",
        TypeEvenement.REUNION_INFORMATION,
        "Agefiph",
        ["Handicap"],
        [],
        NANTES,
        "Cité des congrès",
        35,
    ),
]


def _themes() -> dict[str, Theme]:
    found = {}
    for parent_name, children in THEMES.items():
        parent, _ = Theme.objects.get_or_create(nom=parent_name, parent=None)
        found[parent_name] = parent
        for name in children:
            found[name], _ = Theme.objects.get_or_create(nom=name, parent=parent)
    return found


def _tag(ressource: Ressource, themes, codes, commune_code) -> None:
    ressource.themes.set(themes)
    ressource.metiers.set(Rome.objects.filter(code__in=codes))
    if commune_code:
        ressource.territoires.set(Territoire.objects.filter(communes__code_insee=commune_code).distinct())


@transaction.atomic
def ensure_demo_ressources() -> int:
    """Returns how many resources were created."""
    themes = _themes()
    created = 0
    today = timezone.localdate()
    for kind, titre, resume, source, names, codes, commune, days in DOCUMENTS:
        ressource, made = Ressource.objects.get_or_create(
            titre=titre,
            defaults={
                "type": kind,
                "resume": resume,
                "source_nom": source,
                "date": today - timedelta(days=days),
                "status": RessourceStatus.PUBLIE,
                "published_at": timezone.now(),
                "public": Public.PROFESSIONNELS if kind in (E, T) else Public.TOUS,
            },
        )
        if made:
            _tag(ressource, [themes[name] for name in names], codes, commune)
            created += 1
    for titre, resume, kind, organisateur, names, codes, commune, lieu, days in EVENEMENTS:
        debut = timezone.make_aware(
            datetime.combine(today + timedelta(days=days), time(14 if commune else 11))
        )
        ressource, made = Ressource.objects.get_or_create(
            titre=titre,
            defaults={
                "type": J,
                "type_evenement": kind,
                "resume": resume,
                "organisateur": organisateur,
                "debut": debut,
                "fin": debut + timedelta(hours=3 if commune else 1),
                "lieu": lieu,
                "commune": Commune.objects.filter(code_insee=commune).first() if commune else None,
                "lien_en_ligne": "" if commune else "https://webinaire.example.org/efop",
                "lien_inscription": "https://inscription.example.org/efop",
                "status": RessourceStatus.PUBLIE,
                "published_at": timezone.now(),
            },
        )
        if made:
            _tag(ressource, [themes[name] for name in names], codes, commune)
            created += 1
    SourceVeille.objects.get_or_create(
        nom="Actualités d'un partenaire (exemple)",
        defaults={"url": "https://example.org/actualites/flux.rss", "is_active": False, "schedule": ""},
    )
    return created
