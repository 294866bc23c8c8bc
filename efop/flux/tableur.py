"""The CSV template organisations may fill instead of writing LHEO: one row per session, the
formation and action columns repeated on each of their rows. `read_tableur` turns it into LHEO
formation trees (efop.lheo tree contract) that go through the same importer and checks as partner
flows; the organisation's own identity (SIRET, NDA, name) fills `organisme-formation-responsable`.

Dates are JJ/MM/AAAA; lists (financeurs) are separated by "|". Semicolons or commas separate
columns (a spreadsheet saved as CSV in French uses semicolons)."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from efop.lheo.tree import Node
from efop.referentiels.models import Commune

# column → (required, help shown in the template documentation)
COLUMNS = {
    "formation_numero": (True, "Votre identifiant de la formation (identique sur toutes ses lignes)"),
    "formation_intitule": (True, "Intitulé de la formation"),
    "formation_objectif": (True, "Objectif de la formation"),
    "formation_contenu": (True, "Contenu de la formation"),
    "formation_resultats": (False, "Résultats attendus"),
    "formacode": (False, "Code Formacode (5 chiffres)"),
    "code_rome": (False, "Code ROME (ex. H2913)"),
    "code_rncp": (False, "Code RNCP de la certification visée (chiffres seuls)"),
    "code_rs": (False, "Code RS de la certification visée (chiffres seuls)"),
    "action_numero": (True, "Votre identifiant de l'action (un lieu et une organisation)"),
    "lieu_code_insee": (True, "Code INSEE de la commune du lieu de formation"),
    "lieu_adresse": (False, "Adresse du lieu (numéro et rue)"),
    "modalites_enseignement": (False, "0 présentiel, 1 mixte, 2 entièrement à distance (défaut 0)"),
    "heures_total": (False, "Nombre d'heures total"),
    "prix_total_ttc": (False, "Prix total TTC en euros (ex. 2500,00)"),
    "financeurs": (False, "Codes financeurs LHEO séparés par | (ex. 2|4)"),
    "session_numero": (True, "Votre identifiant de la session"),
    "session_debut": (True, "Date de début JJ/MM/AAAA"),
    "session_fin": (True, "Date de fin JJ/MM/AAAA"),
    "etat_recrutement": (False, "1 ouvert, 2 fermé, 3 suspendu (défaut 1)"),
    "contact_nom": (False, "Nom du contact de la formation"),
    "contact_telephone": (False, "Téléphone du contact"),
    "contact_courriel": (False, "Courriel du contact"),
}
REQUIRED = [name for name, (required, _) in COLUMNS.items() if required]
CHOICES = {"modalites_enseignement": {"0", "1", "2"}, "etat_recrutement": {"1", "2", "3"}}


class TableurError(Exception):
    """The CSV cannot be used; `problems` lists each one (line, column, what to do), in French."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Responsable:
    siret: str
    numero_activite: str
    raison_sociale: str


@dataclass
class _Formation:
    tree: Node
    actions: dict[str, Node] = field(default_factory=dict)


def read_tableur(content: bytes, responsable: Responsable) -> list[Node]:
    """The formation trees of a CSV in the template, or TableurError listing every problem."""
    rows = _rows(content)
    problems: list[str] = []
    formations: dict[str, _Formation] = {}
    communes = Commune.objects.in_bulk(
        {row.get("lieu_code_insee", "").strip() for _, row in rows}, field_name="code_insee"
    )
    for line, row in rows:
        row_problems = _check(line, row, communes)
        problems += row_problems
        if not row_problems:
            _add(formations, row, communes[row["lieu_code_insee"]], responsable)
    if problems:
        raise TableurError(problems)
    if not formations:
        raise TableurError(["Le fichier ne contient aucune ligne de session : complétez le modèle."])
    return [item.tree for item in formations.values()]


def _rows(content: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise TableurError(
            [
                f"Ligne 1 (en-tête) : colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}. "
                "Partez du modèle téléchargeable, sans renommer ses colonnes."
            ]
        )
    reader.fieldnames = header
    return [
        (number, {k: (v or "").strip() for k, v in row.items() if k})
        for number, row in enumerate(reader, start=2)
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]


def _date(value: str) -> str | None:
    try:
        return datetime.strptime(value, "%d/%m/%Y").strftime("%Y%m%d")
    except ValueError:
        return None


def _check(line: int, row: dict[str, str], communes: dict) -> list[str]:
    problems = [
        f"Ligne {line}, colonne {name} : valeur obligatoire manquante."
        for name in REQUIRED
        if not row.get(name)
    ]
    for name in ("session_debut", "session_fin"):
        if row.get(name) and _date(row[name]) is None:
            problems.append(f"Ligne {line}, colonne {name} : « {row[name]} » n'est pas une date JJ/MM/AAAA.")
    debut, fin = _date(row.get("session_debut", "")), _date(row.get("session_fin", ""))
    if debut and fin and fin < debut:
        problems.append(f"Ligne {line} : la session finit ({row['session_fin']}) avant de commencer.")
    insee = row.get("lieu_code_insee")
    if insee and insee not in communes:
        problems.append(
            f"Ligne {line}, colonne lieu_code_insee : « {insee} » n'est pas un code INSEE de commune connu "
            "(5 caractères, ex. 44109 pour Nantes ; ce n'est pas le code postal)."
        )
    for name, allowed in CHOICES.items():
        if row.get(name) and row[name] not in allowed:
            problems.append(
                f"Ligne {line}, colonne {name} : « {row[name]} » n'est pas une valeur permise "
                f"({', '.join(sorted(allowed))})."
            )
    for name in ("heures_total", "prix_total_ttc"):
        value = row.get(name, "").replace(",", ".").replace(" ", "")
        if value and not _is_number(value):
            problems.append(f"Ligne {line}, colonne {name} : « {row[name]} » n'est pas un nombre.")
    return problems


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _adresse(commune: Commune, ligne: str = "") -> Node:
    adresse: Node = {
        "codepostal": [commune.codes_postaux.replace(",", " ").split()[0] if commune.codes_postaux else ""],
        "ville": [commune.nom],
        "code-INSEE-commune": [commune.code_insee],
        "pays": ["FR"],
    }
    if ligne:
        adresse = {"ligne": [ligne]} | adresse
    if commune.latitude is not None and commune.longitude is not None:
        adresse["geolocalisation"] = [
            {"latitude": [f"{commune.latitude:.6f}"], "longitude": [f"{commune.longitude:.6f}"]}
        ]
    return adresse


def _add(formations: dict[str, _Formation], row: dict[str, str], commune: Commune, responsable: Responsable):
    formation = formations.get(row["formation_numero"])
    if formation is None:
        formation = formations[row["formation_numero"]] = _Formation(_formation_tree(row, responsable))
    action = formation.actions.get(row["action_numero"])
    if action is None:
        action = formation.actions[row["action_numero"]] = _action_tree(row, commune, responsable)
        formation.tree["action"].append(action)
    action["session"].append(
        {
            "@numero": row["session_numero"],
            "periode": [{"debut": [_date(row["session_debut"])], "fin": [_date(row["session_fin"])]}],
            "adresse-inscription": [{"adresse": [_adresse(commune, row.get("lieu_adresse", ""))]}],
            "etat-recrutement": [row.get("etat_recrutement") or "1"],
        }
    )


def _optional(row: dict[str, str], pairs: Iterable[tuple[str, str]]) -> Node:
    return {tag: [row[column]] for column, tag in pairs if row.get(column)}


def _formation_tree(row: dict[str, str], responsable: Responsable) -> Node:
    domaine = _optional(row, [("formacode", "code-FORMACODE"), ("code_rome", "code-ROME")])
    certification = _optional(row, [("code_rncp", "code-RNCP"), ("code_rs", "code-RS")])
    contact = _optional(row, [("contact_nom", "nom"), ("contact_courriel", "courriel")])
    if row.get("contact_telephone"):
        contact["telfixe"] = [{"numtel": [row["contact_telephone"]]}]
    tree: Node = {
        "@numero": row["formation_numero"],
        "domaine-formation": [domaine],
        "intitule-formation": [row["formation_intitule"]],
        "objectif-formation": [row["formation_objectif"]],
        "resultats-attendus": [row.get("formation_resultats") or row["formation_objectif"]],
        "contenu-formation": [row["formation_contenu"]],
        "certifiante": ["1" if certification else "0"],
        "contact-formation": [{"coordonnees": [contact]}],
        "action": [],
        "organisme-formation-responsable": [
            {
                "numero-activite": [responsable.numero_activite],
                "SIRET-organisme-formation": [{"SIRET": [responsable.siret]}],
                "nom-organisme": [responsable.raison_sociale],
                "raison-sociale": [responsable.raison_sociale],
            }
        ],
    }
    if certification:
        tree["certification"] = [certification]
    return tree


def _action_tree(row: dict[str, str], commune: Commune, responsable: Responsable) -> Node:
    action: Node = {
        "@numero": row["action_numero"],
        "modalites-enseignement": [row.get("modalites_enseignement") or "0"],
        "lieu-de-formation": [
            {"coordonnees": [{"adresse": [_adresse(commune, row.get("lieu_adresse", ""))]}]}
        ],
        "session": [],
        "organisme-formateur": [
            {
                "SIRET-formateur": [{"SIRET": [responsable.siret]}],
                "raison-sociale-formateur": [responsable.raison_sociale],
            }
        ],
    }
    if row.get("heures_total"):
        action["nombre-heures-total"] = [row["heures_total"].replace(" ", "")]
    if row.get("prix_total_ttc"):
        action["prix-total-TTC"] = [row["prix_total_ttc"].replace(",", ".").replace(" ", "")]
    financeurs = [code.strip() for code in row.get("financeurs", "").split("|") if code.strip()]
    if financeurs:
        action["organisme-financeur"] = [{"code-financeur": [code]} for code in financeurs]
    return action


def template_csv() -> str:
    """The empty template with one example row, for organisations to download."""
    example = {
        "formation_numero": "F-001",
        "formation_intitule": "Soudeur TIG",
        "formation_objectif": "Devenir soudeur qualifié",
        "formation_contenu": "Procédés TIG, lecture de plans, sécurité",
        "formacode": "23054",
        "code_rome": "H2913",
        "action_numero": "F-001-NANTES",
        "lieu_code_insee": "44109",
        "lieu_adresse": "12 rue de la Soudure",
        "heures_total": "400",
        "prix_total_ttc": "4800,00",
        "financeurs": "2|4",
        "session_numero": "F-001-NANTES-2027-01",
        "session_debut": "04/01/2027",
        "session_fin": "30/04/2027",
        "etat_recrutement": "1",
        "contact_nom": "Camille Martin",
        "contact_courriel": "contact@exemple.fr",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), delimiter=";")
    writer.writeheader()
    writer.writerow(example)
    return out.getvalue()
