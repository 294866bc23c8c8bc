"""What the organisations directory (efop.organismes.annuaire) says of the offer's organisations:
SIRET known and open (SIRENE), NDA declared by the same company (DGEFP list), and the Qualiopi
certificate that public funding requires, at the level of the formateur or of the responsable.

Each rule runs once its file has been loaded: the SIRET rules after a SIRENE extract, the NDA and
Qualiopi rules after the DGEFP list."""

import re
from datetime import date

from django.utils import timezone
from stdnum.fr import siret as stdnum_siret

from efop.organismes.annuaire.models import NDA_PATTERN
from efop.organismes.enums import CategorieQualiopi
from efop.organismes.models import fold
from efop.recherche.codes import FINANCEUR_GROUPES
from efop.recherche.enums import FinanceurGroupe

from ..enums import Niveau, TypeEnregistrement
from .base import Hit, rule
from .certifications import claims_cpf

# Funders whose money requires Qualiopi (article L6316-1 of the Code du travail): the Region and
# other local authorities, France Travail, OPCO, Transition Pro, the State, Agefiph, European
# funds; the CPF through a CPF code. Companies and learners paying themselves do not.
PUBLICS = (
    FinanceurGroupe.REGION,
    FinanceurGroupe.FRANCE_TRAVAIL,
    FinanceurGroupe.OPCO,
    FinanceurGroupe.TRANSITION_PRO,
    FinanceurGroupe.ETAT,
    FinanceurGroupe.COLLECTIVITES,
    FinanceurGroupe.EUROPE,
    FinanceurGroupe.AGEFIPH,
)
GROUPE_OF_CODE = {code: groupe for groupe in PUBLICS for code in FINANCEUR_GROUPES[groupe]}
_VAE = re.compile(r"\bvae\b|validation des acquis")
_BILAN = re.compile(r"bilans? (de|des) competences")


def _siren(organisme: dict) -> str:
    """The SIREN of an organisation with a valid SIRET ('' otherwise: the SIRET rules say why)."""
    siret = organisme["siret"]
    return siret[:9] if siret and stdnum_siret.is_valid(siret) else ""


def _nom(organisme: dict) -> str:
    name = organisme["raison_sociale"] or organisme["nom_organisme"]
    return f"« {name} » (SIRET {organisme['siret']})" if name else f"SIRET {organisme['siret']}"


def _etablissements(batch):
    sirets = [organisme["siret"] for organisme in batch.organismes if _siren(organisme)]
    known = batch.refs.sirene.get_many(sirets)
    for organisme in batch.organismes:
        if _siren(organisme):
            yield organisme, known.get(organisme["siret"])


@rule(
    "ORGANISME-SIRET-INCONNU",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ORGANISME,
    titre="SIRET de l'organisme absent de l'annuaire (SIRENE)",
    conseil="Vérifiez le SIRET sur annuaire-entreprises.data.gouv.fr et corrigez-le dans la fiche de "
    "l'organisme ou dans le flux de la source.",
    documentation="Le SIRET, valide par sa clé, ne figure pas dans l'extrait SIRENE chargé dans l'annuaire "
    "des organismes : c'est souvent le SIRET d'un autre établissement, ou un numéro mal recopié. "
    "Contrôle actif dès qu'un extrait SIRENE est chargé (`efop annuaire load-sirene`).",
    needs=("sirene",),
)
def organisme_siret_inconnu(batch):
    for organisme, etablissement in _etablissements(batch):
        if etablissement is None:
            yield Hit(
                organisme,
                "siret",
                organisme["siret"],
                f"Le SIRET {organisme['siret']} de l'organisme n'est pas dans l'annuaire des établissements (SIRENE).",
            )


@rule(
    "ORGANISME-SIRET-FERME",
    Niveau.BLOQUANT,
    TypeEnregistrement.ORGANISME,
    titre="Établissement de l'organisme fermé (SIRENE)",
    conseil="Indiquez le SIRET de l'établissement en activité qui dispense ou gère la formation.",
    documentation="L'établissement du SIRET est fermé au répertoire SIRENE (état administratif « F ») : "
    "une formation ne peut pas être publiée au nom d'un établissement qui n'existe plus. Après un "
    "déménagement ou un changement de structure, l'organisme a un nouveau SIRET.",
    needs=("sirene",),
)
def organisme_siret_ferme(batch):
    for organisme, etablissement in _etablissements(batch):
        if etablissement is not None and etablissement["etat"] == "F":
            depuis = etablissement["date_debut"]
            quand = f" depuis le {depuis:%d/%m/%Y}" if depuis else ""
            yield Hit(
                organisme,
                "siret",
                organisme["siret"],
                f"L'établissement de SIRET {organisme['siret']} est fermé{quand} (SIRENE).",
            )


def _declarations(batch):
    ndas = [organisme["numero_activite"] for organisme in batch.organismes]
    known = batch.refs.nda.get_many(ndas)
    for organisme in batch.organismes:
        nda = organisme["numero_activite"]
        if nda and NDA_PATTERN.fullmatch(nda):
            yield organisme, known.get(nda)


@rule(
    "ORGANISME-NDA-INCONNU",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ORGANISME,
    titre="NDA de l'organisme absent de la liste publique des organismes de formation",
    conseil="Vérifiez le NDA sur le récépissé de déclaration d'activité ou sur la liste publique des "
    "organismes de formation (data.gouv.fr), et corrigez-le.",
    documentation="Le numéro de déclaration d'activité, bien formé, n'est pas dans la liste publique des "
    "organismes de formation de la DGEFP chargée dans l'annuaire : numéro mal recopié, déclaration "
    "caduque ou retirée. Contrôle actif dès que la liste est chargée (`efop annuaire load-dgefp`).",
    needs=("nda",),
)
def organisme_nda_inconnu(batch):
    for organisme, declaration in _declarations(batch):
        if declaration is None:
            nda = organisme["numero_activite"]
            yield Hit(
                organisme,
                "numero_activite",
                nda,
                f"Le NDA {nda} de l'organisme n'est pas dans la liste publique des organismes de formation.",
            )


@rule(
    "ORGANISME-NDA-SIRET",
    Niveau.BLOQUANT,
    TypeEnregistrement.ORGANISME,
    titre="NDA déclaré par une autre entreprise que celle du SIRET",
    conseil="Indiquez le NDA de l'organisme lui-même, ou le SIRET de l'entreprise qui a déclaré ce NDA.",
    documentation="Le NDA est déclaré, dans la liste publique des organismes de formation, par une "
    "entreprise (SIREN) différente de celle du SIRET de l'organisme : l'un des deux numéros est celui "
    "d'un autre organisme.",
    needs=("nda",),
)
def organisme_nda_siret(batch):
    for organisme, declaration in _declarations(batch):
        siren = _siren(organisme)
        if declaration is not None and siren and declaration["unite_legale__siren"] != siren:
            yield Hit(
                organisme,
                "numero_activite",
                organisme["numero_activite"],
                f"Le NDA {organisme['numero_activite']} est déclaré par « {declaration['denomination']} » "
                f"(SIREN {declaration['unite_legale__siren']}), pas par l'entreprise du SIRET "
                f"{organisme['siret']} (SIREN {siren}).",
            )


def categorie_qualiopi(action: dict, formation: dict) -> CategorieQualiopi:
    """The certificate category an action needs: apprenticeship, skills assessment, VAE, or training."""
    intitule = fold(formation["intitule"])
    if "apprentissage" in fold(f"{action['modalites_alternance']} {formation['intitule']}"):
        return CategorieQualiopi.APPRENTISSAGE
    if _BILAN.search(intitule):
        return CategorieQualiopi.BILANS_COMPETENCES
    if _VAE.search(intitule):
        return CategorieQualiopi.VAE
    return CategorieQualiopi.ACTIONS_FORMATION


def _financements_publics(batch, action: dict, formation: dict) -> list[str]:
    """The public funders of `action`, in words (none: an empty list)."""
    groupes = dict.fromkeys(
        GROUPE_OF_CODE[code] for code in batch.financeurs_of.get(action["id"], []) if code in GROUPE_OF_CODE
    )
    if claims_cpf(batch, formation):
        groupes[FinanceurGroupe.CPF] = None
    return [FinanceurGroupe(groupe).label for groupe in groupes]


def _certifie(certificats: list[dict], categorie: str, debut: date, fin: date) -> bool:
    return any(
        certificat["categorie"] == categorie
        and (certificat["date_debut"] is None or certificat["date_debut"] <= fin)
        and (certificat["date_fin"] is None or certificat["date_fin"] >= debut)
        for certificat in certificats
    )


@rule(
    "QUALIOPI-CERTIFICAT",
    Niveau.BLOQUANT,
    TypeEnregistrement.SESSION,
    titre="Financement public sans certificat Qualiopi de la bonne catégorie",
    conseil="L'organisme formateur, ou l'organisme responsable pour le compte duquel il intervient, doit "
    "être certifié Qualiopi dans cette catégorie aux dates de la session (certificat à faire figurer "
    "dans la liste publique des organismes de formation), sinon retirez ce financement de l'action.",
    documentation="Une action financée sur fonds publics ou mutualisés (Région, France Travail, OPCO, "
    "Transition Pro, État, collectivités, fonds européens, Agefiph ; CPF : code CPF ou extra "
    "« eligibilite-cpf ») n'est finançable que si "
    "l'organisme qui la dispense est certifié Qualiopi dans la catégorie de l'action : apprentissage pour "
    "une action en apprentissage, bilans de compétences, VAE, ou actions de formation sinon. Le contrôle "
    "accepte le certificat de l'organisme formateur de l'action ou celui de l'organisme responsable de "
    "la formation (le gestionnaire pour lequel il intervient), valide à un moment de la session (du "
    "jour du contrôle pour une session sans dates). Les certificats viennent de la liste publique de la "
    "DGEFP : un certificat commence au premier chargement qui le montre et finit au chargement qui ne "
    "le montre plus. Les organismes sans SIRET valide ne peuvent pas être vérifiés (voir les contrôles "
    "de SIRET).",
    needs=("nda",),
)
def qualiopi_certificat(batch):
    today = timezone.localdate()
    organismes = batch.organisme_by_id
    siren_of = {pk: _siren(organisme) for pk, organisme in organismes.items()}
    certificats = batch.refs.qualiopi.get_many(set(siren_of.values()) - {""})
    for action in batch.actions:
        formation = batch.formation_by_id[action["formation_id"]]
        financeurs = _financements_publics(batch, action, formation)
        if not financeurs:
            continue
        roles = {row["organisme_id"]: "formateur" for row in batch.formateurs_of.get(action["id"], [])}
        if formation["responsable_id"]:
            roles.setdefault(formation["responsable_id"], "responsable")
        verifies = [(role, pk) for pk, role in roles.items() if siren_of[pk]]
        if not verifies:
            continue
        categorie = categorie_qualiopi(action, formation)
        for session in batch.sessions_of.get(action["id"], []):
            debut = session["debut"] or session["fin"] or today
            fin = session["fin"] or debut
            if any(_certifie(certificats[siren_of[pk]], categorie, debut, fin) for _, pk in verifies):
                continue
            qui = " ni pour ".join(f"l'organisme {role} {_nom(organismes[pk])}" for role, pk in verifies)
            yield Hit(
                session,
                "organisme-formateur",
                categorie.label,
                f"Session du {debut:%d/%m/%Y} au {fin:%d/%m/%Y} financée par {', '.join(financeurs)} : aucun "
                f"certificat Qualiopi « {categorie.label} » valide pour {qui}.",
            )
