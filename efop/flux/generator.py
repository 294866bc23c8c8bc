"""A realistic regional LHEO flux, generated from the real référentiels, for demos and benchmarks.

Pure Python: the référentiel values come in a `Catalog` (see `efop.flux.catalog` for the one read
from the database). The same seed and start date always give the same file.
"""

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum import luhn

from efop.lheo.conversions import code_niveau, convert_value
from efop.lheo.tree import Node
from efop.lheo.versions import LheoVersion


class EmptyCatalog(Exception):
    """The référentiels the generator draws from are not loaded."""


@dataclass(frozen=True)
class CommuneRef:
    code_insee: str
    nom: str
    code_postal: str
    departement: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class CertificationRef:
    code_rncp: str | None
    code_rs: str | None
    code_certifinfo: str | None
    intitule: str
    formacode: str | None
    rome: str | None
    nsf: str | None
    niveau_europeen: int | None


@dataclass
class Catalog:
    communes: list[CommuneRef]
    formacodes: list[tuple[str, str]]
    romes: list[tuple[str, str]]
    certifications: list[CertificationRef]
    nsf: list[str] = field(default_factory=list)


ORGANISME_KINDS = [
    "GRETA",
    "AFPA",
    "CFA des métiers",
    "Institut de formation",
    "Centre de formation",
    "Maison familiale rurale",
    "Lycée professionnel",
    "École",
    "CCI Formation",
    "Campus",
]
FINANCEURS = [("2", 0.35), ("4", 0.25), ("10", 0.2), ("16", 0.12), ("5", 0.05), ("7", 0.03)]
PUBLICS = ["80056", "80060", "81039", "81040", "81042", "81043", "81058", "83056", "83059"]
NIVEAUX = {
    "2.2": ["0", "1", "3", "4", "5", "6", "7"],
    "2.3": ["0", "1", "3", "4", "5", "13", "14", "15", "16", "17"],
}
CIVILITES = ["Madame", "Monsieur"]
PRENOMS = [
    "Camille",
    "Dominique",
    "Claire",
    "Julien",
    "Sophie",
    "Nicolas",
    "Élodie",
    "Yann",
    "Gaëlle",
    "Loïc",
    "Maëlle",
    "Erwan",
    "Anne",
    "Thomas",
    "Léa",
    "François",
]
NOMS = [
    "Martin",
    "Bernard",
    "Durand",
    "Leroy",
    "Moreau",
    "Guérin",
    "Le Goff",
    "Bouvier",
    "Gautier",
    "Chevalier",
    "Rousseau",
    "Blanchard",
    "Perrin",
    "Roux",
    "Hamon",
    "Tessier",
]
RUES = [
    "rue de la Loire",
    "boulevard des Anglais",
    "rue du Général Leclerc",
    "avenue de la Gare",
    "rue Jules Verne",
    "place du Marché",
    "rue des Tanneurs",
    "chemin de la Chesnaie",
    "rue de Bretagne",
    "allée des Tilleuls",
    "quai de la Fosse",
    "rue Victor Hugo",
]
RYTHMES = [
    "Temps plein, 35 heures par semaine",
    "Temps partiel, 3 jours par semaine",
    "En alternance : 2 semaines en centre, 2 semaines en entreprise",
    "Cours du soir et samedi",
]
OBJECTIFS = [
    "Acquérir les compétences professionnelles nécessaires à l'exercice du métier de {metier}.",
    "Préparer la certification et s'insérer durablement dans le métier de {metier}.",
    "Se perfectionner et élargir ses compétences en {domaine}.",
]
CONTENUS = [
    "<p>Modules professionnels en {domaine}.</p><ul><li>Techniques du métier</li>"
    "<li>Santé et sécurité au travail</li><li>Communication professionnelle</li></ul>"
    "<p>Période d'application en entreprise.</p>",
    "Module 1 : fondamentaux de {domaine}. Module 2 : pratique professionnelle. "
    "Module 3 : préparation à l'examen &amp; accompagnement vers l'emploi.",
]


def siret_for(rng: random.Random) -> str:
    base = f"{rng.randrange(10**7, 10**8)}"
    siren = base + luhn.calc_check_digit(base)
    nic = f"{rng.randrange(1, 9999):04d}"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def _coordonnees(rng: random.Random, commune: CommuneRef, *, with_person: bool, numero: int) -> Node:
    adresse: Node = {
        "ligne": [f"{rng.randrange(1, 180)} {rng.choice(RUES)}"],
        "codepostal": [commune.code_postal],
        "ville": [commune.nom],
        "departement": [commune.departement],
        "code-INSEE-commune": [commune.code_insee],
        "region": ["52"],
        "pays": ["FR"],
        "geolocalisation": [
            {
                "latitude": [f"{commune.latitude + rng.uniform(-0.01, 0.01):.5f}"],
                "longitude": [f"{commune.longitude + rng.uniform(-0.01, 0.01):.5f}"],
            }
        ],
    }
    node: Node = {}
    if with_person:
        node["civilite"] = [rng.choice(CIVILITES)]
        node["nom"] = [rng.choice(NOMS)]
        node["prenom"] = [rng.choice(PRENOMS)]
    node["adresse"] = [adresse]
    node["telfixe"] = [
        {
            "numtel": [
                f"02 {rng.randrange(40, 54)} {rng.randrange(10, 99)} "
                f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}"
            ]
        }
    ]
    node["courriel"] = [f"contact{numero}@formation-exemple.fr"]
    return node


@dataclass
class _Organisme:
    numero: str
    siret: str
    nda: str
    nom: str
    commune: CommuneRef
    coordonnees: Node | None = None  # its address, from its first formation on


class FluxGenerator:
    """Yields formation trees (efop.lheo tree contract) for a regional flux."""

    def __init__(self, catalog: Catalog, *, seed: int = 1, start: date | None = None, version: str = "2.3"):
        if not catalog.communes or not catalog.formacodes or not catalog.romes:
            raise EmptyCatalog("Référentiels vides : chargez-les d'abord avec « efop referentiels load ».")
        self.catalog = catalog
        self.rng = random.Random(seed)
        self.start = start or date.today()
        self.version = version
        self.organismes = [self._organisme(i) for i in range(1, 400)]

    def _organisme(self, index: int) -> _Organisme:
        rng = self.rng
        commune = rng.choice(self.catalog.communes)
        kind = rng.choice(ORGANISME_KINDS)
        nda = "52" + commune.departement[:2] + f"{rng.randrange(0, 10**7):07d}"
        if index % 37 == 0:
            nda = "99999999999"  # a placeholder real producers send (ONISEP)
        return _Organisme(f"OF_{index:05d}", siret_for(rng), nda, f"{kind} {commune.nom}", commune)

    def formations(self, count: int) -> Iterator[Node]:
        for index in range(1, count + 1):
            yield self.formation(index)

    def formation(self, index: int) -> Node:
        rng = self.rng
        catalog = self.catalog
        certification = (
            rng.choice(catalog.certifications) if catalog.certifications and rng.random() < 0.6 else None
        )
        formacode = (
            certification.formacode
            if certification and certification.formacode
            else rng.choice(catalog.formacodes)[0]
        )
        formacode_label = dict(catalog.formacodes).get(formacode, "la spécialité")
        rome_code, rome_label = rng.choice(catalog.romes)
        if certification and certification.rome:
            rome_code = certification.rome
            rome_label = dict(catalog.romes).get(rome_code, rome_label)
        intitule = (
            certification.intitule
            if certification
            else rng.choice(
                [
                    f"Formation {formacode_label.lower()}",
                    f"Préparation au métier : {rome_label.lower()}",
                    f"Initiation {formacode_label.lower()}",
                    f"Perfectionnement en {formacode_label.lower()}",
                ]
            )
        )
        responsable = rng.choice(self.organismes)
        domaine: Node = {"code-FORMACODE": [{"@ref": "V14", "#text": formacode}], "code-ROME": [rome_code]}
        if index % 11 == 0:
            domaine["code-FORMACODE"] = [formacode]  # @ref is often missing in the wild
        if certification and certification.nsf:
            domaine["code-NSF"] = [certification.nsf]
        tree: Node = {
            "@numero": f"AF_{index:07d}",
            "@datecrea": (self.start - timedelta(days=rng.randrange(30, 900))).strftime("%Y%m%d"),
            "@datemaj": (self.start - timedelta(days=rng.randrange(0, 30))).strftime("%Y%m%d"),
            "domaine-formation": [domaine],
            "intitule-formation": [intitule[:255]],
            "objectif-formation": [
                rng.choice(OBJECTIFS).format(metier=rome_label.lower(), domaine=formacode_label.lower())
            ],
            "resultats-attendus": [
                "Certification visée" if certification else "Attestation de fin de formation"
            ],
            "contenu-formation": [rng.choice(CONTENUS).format(domaine=formacode_label.lower())],
            "certifiante": ["1" if certification else "0"],
            "contact-formation": [
                {"coordonnees": [_coordonnees(rng, responsable.commune, with_person=True, numero=index)]}
            ],
            "parcours-de-formation": [rng.choice("1234")],
            "code-niveau-entree": [rng.choice(NIVEAUX[self.version])],
        }
        if certification:
            cert: Node = {}
            if certification.code_rncp:
                cert["code-RNCP"] = [certification.code_rncp]
            if certification.code_certifinfo:
                cert["code-CERTIFINFO"] = [certification.code_certifinfo]
            if certification.code_rs and self.version == "2.3":
                cert["code-RS"] = [certification.code_rs]
            if cert:
                tree["certification"] = [cert]
            if certification.niveau_europeen:
                tree["code-niveau-sortie"] = [self._niveau(certification.niveau_europeen)]
        tree["url-formation"] = [{"urlweb": [f"https://www.formation-exemple.fr/formations/{index}"]}]
        tree["action"] = [self._action(index, a, responsable) for a in range(1, rng.randint(1, 3) + 1)]
        tree["organisme-formation-responsable"] = [self._responsable(responsable, index)]
        if rng.random() < 0.3:
            tree["extras"] = [
                {
                    "@info": "eligibilite-cpf",
                    "@numero": f"{rng.randrange(200, 99999)}",
                    "extra": [
                        {"@info": "france-entiere", "#text": rng.choice("01")},
                        {"@info": "region", "#text": "52"},
                    ],
                }
            ]
        return tree

    def _niveau(self, europeen: int) -> str:
        """dict-niveaux code of a European level: 11–18 in 2.3, the old I–VI scale in 2.2."""
        return convert_value("code-niveau-sortie", code_niveau(europeen), LheoVersion(self.version))

    def _responsable(self, organisme: _Organisme, index: int) -> Node:
        drawn = _coordonnees(self.rng, organisme.commune, with_person=False, numero=index)
        if organisme.coordonnees is None:
            # An organisation keeps one address, as in real flux (drawn again all the same, so
            # that the rest of a seeded flux does not depend on how often organisations repeat).
            organisme.coordonnees = drawn
        return {
            "@numero": organisme.numero,
            "numero-activite": [organisme.nda],
            "SIRET-organisme-formation": [{"SIRET": [organisme.siret]}],
            "nom-organisme": [organisme.nom],
            "raison-sociale": [organisme.nom.upper()],
            "coordonnees-organisme": [{"coordonnees": [copy.deepcopy(organisme.coordonnees)]}],
            "contact-organisme": [
                {"coordonnees": [_coordonnees(self.rng, organisme.commune, with_person=True, numero=index)]}
            ],
        }

    def _action(self, index: int, rank: int, responsable: _Organisme) -> Node:
        rng = self.rng
        lieu = responsable.commune if rng.random() < 0.6 else rng.choice(self.catalog.communes)
        heures = rng.choice([35, 70, 140, 210, 400, 600, 800, 1200])
        modalite = rng.choices("012", weights=(80, 15, 5))[0]
        permanent = rng.random() < 0.15
        action: Node = {
            "@numero": f"AF_{index:07d}_{rank}",
            "rythme-formation": [rng.choice(RYTHMES)],
            "code-public-vise": [
                {"@ref": "V14", "#text": code} for code in rng.sample(PUBLICS, rng.randint(1, 3))
            ],
            "niveau-entree-obligatoire": [rng.choice("01")],
            "modalites-alternance": ["-" if rng.random() < 0.3 else "Alternance centre / entreprise"],
            "modalites-enseignement": [modalite],
            "conditions-specifiques": [
                rng.choice(["Aucune", "Entretien de motivation", "Non renseigné", "Tests de positionnement"])
            ],
            "prise-en-charge-frais-possible": [rng.choice("01")],
            "lieu-de-formation": [
                {"coordonnees": [_coordonnees(rng, lieu, with_person=False, numero=index)]}
            ],
            "modalites-entrees-sorties": ["1" if permanent else "0"],
            "session": [self._session(index, rank, s, permanent) for s in range(1, rng.randint(1, 4) + 1)],
            "acces-handicapes": ["Locaux accessibles aux personnes à mobilité réduite"],
            "langue-formation": ["fr"],
            "prix-total-TTC": [self._price(heures)],
            "nombre-heures-centre": [str(heures)],
            "nombre-heures-total": [str(heures)],
            "organisme-financeur": [
                {"code-financeur": [code]}
                | ({"nb-places-financees": [str(rng.randint(6, 16))]} if code == "2" else {})
                for code in self._financeurs()
            ],
        }
        if self.version == "2.3" and rng.random() < 0.2:
            action["lieu-de-formation"].append(
                {
                    "coordonnees": [
                        _coordonnees(rng, rng.choice(self.catalog.communes), with_person=False, numero=index)
                    ]
                }
            )
        formateur_siret = responsable.siret if rng.random() < 0.8 else siret_for(rng)
        if rng.random() < 0.03:
            formateur_siret = "00000000000000"  # placeholder seen in real flux
        action["organisme-formateur"] = [
            {
                "SIRET-formateur": [{"SIRET": [formateur_siret]}],
                "raison-sociale-formateur": [responsable.nom.upper()],
            }
        ]
        if rng.random() < 0.25:
            action["extras"] = [
                {"@info": "type-action", "extra": [{"@info": "action-perimee", "#text": "0"}]},
                {"@info": "duree-hebdo", "#text": "35"},
            ]
        return action

    def _price(self, heures: int) -> str:
        price = heures * self.rng.uniform(9, 18)
        if self.rng.random() < 0.3:
            return f"{price:.2f}".replace(".", ",")  # comma decimals are common
        return f"{price:.2f}"

    def _financeurs(self) -> list[str]:
        codes, weights = zip(*FINANCEURS, strict=True)
        chosen = self.rng.choices(codes, weights=weights, k=self.rng.randint(1, 2))
        return list(dict.fromkeys(chosen))

    def _session(self, index: int, action_rank: int, rank: int, permanent: bool) -> Node:
        rng = self.rng
        if permanent and rank == 1:
            debut, fin = "00000000", "99999999"
        else:
            start = self.start + timedelta(days=rng.randrange(-60, 365))
            end = start + timedelta(days=rng.randrange(20, 300))
            debut, fin = start.strftime("%Y%m%d"), end.strftime("%Y%m%d")
            if rng.random() < 0.05:
                debut = start.strftime("%Y%m00")  # month precision
        commune = rng.choice(self.catalog.communes)
        session: Node = {
            "@numero": f"AF_{index:07d}_{action_rank}_SE_{rank}",
            "periode": [{"debut": [debut], "fin": [fin]}],
            "adresse-inscription": [
                {"adresse": [_coordonnees(rng, commune, with_person=False, numero=index)["adresse"][0]]}
            ],
            "etat-recrutement": [rng.choices("123", weights=(70, 25, 5))[0]],
        }
        return session
