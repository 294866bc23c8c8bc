"""Demo lieux d'information (`efop demo load`): about sixty published places of Pays de la Loire,
in real communes, with the hours, publics and services of their network. Idempotent: a place
already there (same slug) is left as it is."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from efop.referentiels.models import Commune

from .enums import LieuStatus, Provenance, Public, Reseau, Service
from .horaires import ExceptionHoraire, parse_creneaux
from .models import LieuInformation

NANTES, SAINT_NAZAIRE, REZE, SAINT_HERBLAIN = "44109", "44184", "44143", "44162"
CHATEAUBRIANT, ANCENIS, PORNIC, CLISSON, GUERANDE, BLAIN, COUERON = (
    "44036",
    "44003",
    "44131",
    "44043",
    "44069",
    "44015",
    "44047",
)
ANGERS, CHOLET, SAUMUR, SEGRE, TRELAZE = "49007", "49099", "49328", "49331", "49353"
LAVAL, MAYENNE, CHATEAU_GONTIER = "53130", "53147", "53062"
LE_MANS, LA_FLECHE, SABLE, MAMERS = "72181", "72154", "72264", "72180"
LA_ROCHE, LES_SABLES, CHALLANS, FONTENAY, LES_HERBIERS, LUCON = (
    "85191",
    "85194",
    "85047",
    "85092",
    "85109",
    "85128",
)

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
NETWORKS = {
    # network: (week, publics, services, appointment site)
    Reseau.MISSION_LOCALE: (
        dict.fromkeys(WEEKDAYS, "09:00-12:30, 13:30-17:30"),
        [Public.JEUNES],
        [Service.INFORMATION, Service.ORIENTATION, Service.RECHERCHE_EMPLOI, Service.ALTERNANCE],
        "",
    ),
    Reseau.FRANCE_TRAVAIL: (
        {
            **dict.fromkeys(("lundi", "mardi", "mercredi"), "08:30-12:30, 13:00-16:30"),
            "jeudi": "08:30-12:30",
            "vendredi": "08:30-12:30, 13:00-15:30",
        },
        [Public.DEMANDEURS_EMPLOI, Public.SALARIES],
        [Service.RECHERCHE_EMPLOI, Service.FINANCEMENT, Service.INFORMATION, Service.NUMERIQUE],
        "https://www.francetravail.fr/candidat/mes-rendez-vous.html",
    ),
    Reseau.CAP_EMPLOI: (
        dict.fromkeys(WEEKDAYS, "09:00-12:30, 14:00-17:00"),
        [Public.HANDICAP],
        [Service.RECHERCHE_EMPLOI, Service.EVOLUTION, Service.FINANCEMENT],
        "",
    ),
    Reseau.CIO: (
        {**dict.fromkeys(WEEKDAYS, "09:00-12:30, 13:30-17:30"), "samedi": "09:00-12:00"},
        [Public.SCOLAIRES, Public.JEUNES, Public.TOUT_PUBLIC],
        [Service.ORIENTATION, Service.INFORMATION, Service.DOCUMENTATION],
        "",
    ),
    Reseau.POINT_RELAIS: (
        {
            **dict.fromkeys(("mardi", "jeudi", "vendredi"), "14:00-18:00"),
            "mercredi": "10:00-12:00, 14:00-18:00",
            "samedi": "10:00-12:30",
        },
        [Public.JEUNES, Public.TOUT_PUBLIC],
        [Service.INFORMATION, Service.DOCUMENTATION, Service.NUMERIQUE],
        "",
    ),
    Reseau.CEP: (
        dict.fromkeys(WEEKDAYS, "09:00-17:00"),
        [Public.SALARIES, Public.INDEPENDANTS],
        [Service.EVOLUTION, Service.VAE, Service.FINANCEMENT],
        "https://www.mon-cep.org/",
    ),
    Reseau.SPRO: (
        {
            **dict.fromkeys(("lundi", "mardi", "jeudi", "vendredi"), "09:30-12:30, 13:30-17:00"),
            "mercredi": "13:30-18:00",
        },
        [Public.TOUT_PUBLIC],
        [Service.INFORMATION, Service.ORIENTATION, Service.DOCUMENTATION, Service.VAE],
        "",
    ),
    Reseau.APEC: (
        dict.fromkeys(WEEKDAYS, "09:00-12:30, 14:00-17:30"),
        [Public.CADRES],
        [Service.EVOLUTION, Service.RECHERCHE_EMPLOI],
        "https://www.apec.fr/",
    ),
    Reseau.CHAMBRE_CONSULAIRE: (
        dict.fromkeys(WEEKDAYS, "08:30-12:30, 13:30-17:30"),
        [Public.INDEPENDANTS, Public.JEUNES],
        [Service.CREATION, Service.ALTERNANCE, Service.INFORMATION],
        "",
    ),
    Reseau.MAISON_EMPLOI: (
        dict.fromkeys(WEEKDAYS, "09:00-12:00, 14:00-17:00"),
        [Public.TOUT_PUBLIC],
        [Service.RECHERCHE_EMPLOI, Service.INFORMATION, Service.NUMERIQUE],
        "",
    ),
}

PLACES = [
    (
        Reseau.MISSION_LOCALE,
        "Mission locale de l'agglomération nantaise",
        NANTES,
        "4 rue Jean-Jacques Rousseau",
    ),
    (
        Reseau.MISSION_LOCALE,
        "Mission locale de l'agglomération nazairienne",
        SAINT_NAZAIRE,
        "7 avenue Albert de Mun",
    ),
    (Reseau.MISSION_LOCALE, "Mission locale du Pays de Châteaubriant", CHATEAUBRIANT, "16 rue Pasteur"),
    (Reseau.MISSION_LOCALE, "Mission locale du Pays d'Ancenis", ANCENIS, "92 rue Aristide Briand"),
    (Reseau.MISSION_LOCALE, "Mission locale angevine", ANGERS, "12 place Imbach"),
    (Reseau.MISSION_LOCALE, "Mission locale du Choletais", CHOLET, "26 rue du Puits de l'Aire"),
    (Reseau.MISSION_LOCALE, "Mission locale du Saumurois", SAUMUR, "4 rue Duruy"),
    (Reseau.MISSION_LOCALE, "Mission locale de la Mayenne — Laval", LAVAL, "31 rue du Lieutenant"),
    (Reseau.MISSION_LOCALE, "Mission locale de la Mayenne — Mayenne", MAYENNE, "10 rue de Verdun"),
    (Reseau.MISSION_LOCALE, "Mission locale de l'agglomération mancelle", LE_MANS, "3 rue Pierre Belon"),
    (Reseau.MISSION_LOCALE, "Mission locale Sarthe Sud", LA_FLECHE, "6 rue de la Tour d'Auvergne"),
    (Reseau.MISSION_LOCALE, "Mission locale du Pays Yonnais", LA_ROCHE, "41 rue de la Simbrandière"),
    (Reseau.MISSION_LOCALE, "Mission locale du Littoral vendéen", LES_SABLES, "2 rue du Maréchal Leclerc"),
    (Reseau.MISSION_LOCALE, "Mission locale Nord-Ouest Vendée", CHALLANS, "15 rue Carnot"),
    (Reseau.MISSION_LOCALE, "Mission locale Sud Vendée", FONTENAY, "8 rue de la République"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Nantes Est", NANTES, "1 rue de la Garde"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Nantes Ouest", NANTES, "12 boulevard Gustave Roch"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Saint-Herblain", SAINT_HERBLAIN, "2 rue Mathurin Brissonneau"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Rezé", REZE, "20 rue Jean Fraix"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Saint-Nazaire", SAINT_NAZAIRE, "5 rue Henri Gautier"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Châteaubriant", CHATEAUBRIANT, "9 rue Anne de Bretagne"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Angers Centre", ANGERS, "36 boulevard Foch"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Angers Lac de Maine", ANGERS, "5 rue du Grand Launay"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Cholet", CHOLET, "1 avenue Marcel Prous"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Saumur", SAUMUR, "58 rue de la Petite Bilange"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Laval", LAVAL, "14 rue Haute Chiffolière"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Château-Gontier", CHATEAU_GONTIER, "5 avenue Georges Pompidou"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Le Mans Sablons", LE_MANS, "47 boulevard Winston Churchill"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Le Mans Gare", LE_MANS, "12 rue Gougeard"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Sablé-sur-Sarthe", SABLE, "3 rue Michel Vielle"),
    (Reseau.FRANCE_TRAVAIL, "France Travail La Roche-sur-Yon", LA_ROCHE, "25 boulevard Aristide Briand"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Les Herbiers", LES_HERBIERS, "4 rue de la Croix Rouge"),
    (Reseau.FRANCE_TRAVAIL, "France Travail Luçon", LUCON, "11 rue du Président de Gaulle"),
    (Reseau.CAP_EMPLOI, "Cap emploi Loire-Atlantique", NANTES, "8 rue Arsène Leloup"),
    (Reseau.CAP_EMPLOI, "Cap emploi Maine-et-Loire", ANGERS, "2 rue Dupetit-Thouars"),
    (Reseau.CAP_EMPLOI, "Cap emploi Mayenne", LAVAL, "22 rue de Rennes"),
    (Reseau.CAP_EMPLOI, "Cap emploi Sarthe", LE_MANS, "19 rue Chanzy"),
    (Reseau.CAP_EMPLOI, "Cap emploi Vendée", LA_ROCHE, "6 rue Georges Clemenceau"),
    (Reseau.CIO, "CIO de Nantes", NANTES, "1 rue Marcel Sembat"),
    (Reseau.CIO, "CIO de Saint-Nazaire", SAINT_NAZAIRE, "18 rue Jean Jaurès"),
    (Reseau.CIO, "CIO de Rezé", REZE, "3 place Jean-Baptiste Daviais"),
    (Reseau.CIO, "CIO d'Angers", ANGERS, "5 rue de Brissac"),
    (Reseau.CIO, "CIO de Cholet", CHOLET, "10 rue de la Vendée"),
    (Reseau.CIO, "CIO de Laval", LAVAL, "4 rue Noémie Hamard"),
    (Reseau.CIO, "CIO du Mans", LE_MANS, "38 avenue du Général Leclerc"),
    (Reseau.CIO, "CIO de La Roche-sur-Yon", LA_ROCHE, "14 rue Haxo"),
    (Reseau.CIO, "CIO de Challans", CHALLANS, "21 boulevard Jean XXIII"),
    (Reseau.POINT_RELAIS, "Point Information Jeunesse de Guérande", GUERANDE, "Place du Marché au Bois"),
    (Reseau.POINT_RELAIS, "Point Information Jeunesse de Clisson", CLISSON, "3 rue du Docteur Boutin"),
    (Reseau.POINT_RELAIS, "Point Information Jeunesse de Pornic", PORNIC, "1 rue de Verdun"),
    (Reseau.POINT_RELAIS, "Point Information Jeunesse de Segré", SEGRE, "2 rue David d'Angers"),
    (Reseau.POINT_RELAIS, "Point Information Jeunesse de Mamers", MAMERS, "Place Carnot"),
    (Reseau.POINT_RELAIS, "Point Information Jeunesse de Couëron", COUERON, "Rue de la Frémondière"),
    (Reseau.CEP, "Conseil en évolution professionnelle — Nantes", NANTES, "7 boulevard Ernest Dalby"),
    (Reseau.CEP, "Conseil en évolution professionnelle — Angers", ANGERS, "9 rue Bressigny"),
    (Reseau.CEP, "Conseil en évolution professionnelle — Le Mans", LE_MANS, "4 rue Nationale"),
    (Reseau.CEP, "Conseil en évolution professionnelle — La Roche-sur-Yon", LA_ROCHE, "28 rue Paul Baudry"),
    (
        Reseau.SPRO,
        "Espace métiers orientation de Saint-Sébastien-sur-Loire",
        "44190",
        "Place Marcellin Verbe",
    ),
    (Reseau.SPRO, "Point orientation de Trélazé", TRELAZE, "Rue Jean Jaurès"),
    (Reseau.APEC, "APEC Nantes", NANTES, "2 rue Crucy"),
    (Reseau.APEC, "APEC Angers", ANGERS, "1 place Molière"),
    (Reseau.APEC, "APEC Le Mans", LE_MANS, "10 rue Barbier"),
    (
        Reseau.CHAMBRE_CONSULAIRE,
        "Chambre de métiers et de l'artisanat de la Mayenne",
        LAVAL,
        "39 quai de Bootz",
    ),
    (Reseau.CHAMBRE_CONSULAIRE, "CCI Nantes St-Nazaire — point création", NANTES, "16 quai Ernest Renaud"),
    (Reseau.MAISON_EMPLOI, "Maison de l'emploi du Pays de Blain", BLAIN, "2 rue de la Gare"),
]
PHONES = {"44": "02 40", "49": "02 41", "53": "02 43", "72": "02 43", "85": "02 51"}


def _phone(code_insee: str, number: int) -> str:
    pairs = (number % 90 + 10, (number * 7) % 90 + 10, (number * 13) % 90 + 10)
    return " ".join([PHONES[code_insee[:2]], *(f"{pair:02d}" for pair in pairs)])


def _exceptions(today: date, number: int) -> list[dict]:
    """A year-end closure for everyone; shorter summer hours for every third place."""
    year = today.year if today < date(today.year, 12, 20) else today.year + 1
    found = [ExceptionHoraire(date(year, 12, 24), date(year, 12, 26), (), "fêtes de fin d'année")]
    if number % 3 == 0:
        summer = date(today.year + (today.month > 8), 7, 15)
        found.append(
            ExceptionHoraire(summer, summer + timedelta(days=30), tuple(parse_creneaux("09:00-12:30")), "été")
        )
    return [exception.to_json() for exception in found]


@transaction.atomic
def ensure_demo_lieux() -> int:
    """Create the demo places that are not there yet; how many were made."""
    today = timezone.localdate()
    communes = Commune.objects.in_bulk({code for _, _, code, _ in PLACES}, field_name="code_insee")
    existing = set(LieuInformation.objects.values_list("slug", flat=True))
    made = 0
    for number, (reseau, nom, code, rue) in enumerate(PLACES):
        commune = communes.get(code)
        slug = slugify(nom)[:120]
        if commune is None or slug in existing:
            continue
        week, publics, services, rdv = NETWORKS[reseau]
        domain = slug[:40].strip("-") + ".example.org"
        lieu = LieuInformation(
            nom=nom,
            slug=slug,
            status=LieuStatus.PUBLIE,
            reseau=reseau,
            description=f"{reseau.label} : accueil, information et accompagnement à {commune.nom}.",
            publics=[str(p) for p in publics],
            services=[str(s) for s in services],
            adresse_lignes=rue,
            commune=commune,
            telephone=_phone(code, number),
            courriel=f"contact@{domain}",
            site_web=f"https://{domain}/",
            rdv_url=rdv,
            accessible_pmr=number % 7 != 3,
            boucle_magnetique=True if number % 4 == 0 else None,
            horaires=week,
            exceptions_horaires=_exceptions(today, number),
            verifie_le=today - timedelta(days=40 * (number % 12)),
            provenance=Provenance.DEMO,
        )
        lieu.full_clean()
        lieu.save()
        made += 1
    return made
