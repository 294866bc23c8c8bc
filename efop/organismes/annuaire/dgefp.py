"""The DGEFP "liste publique des organismes de formation" (Mon Activité Formation): one line per
declared organisation (NDA), with its SIREN, declaring SIRET, NSF specialities and four Qualiopi
flags. The flags have no dates: a certificate starts on the first load that shows it and ends on
the load that drops it (see CertificatQualiopi)."""

from typing import Any

from efop.db import bulk
from efop.historique.enums import Operation
from efop.lheo.values import normalize_nda
from efop.referentiels.sync import Diff

from ..enums import CategorieQualiopi, TypeChargement
from .chargement import Chargeur, batched, historiser
from .fichiers import Ligne
from .models import NDA_PATTERN, CertificatQualiopi, Chargement, DeclarationActivite

INFOS = "informationsDeclarees."
SPECIALITES = INFOS + "specialitesDeFormation."
ADRESSE = "adressePhysiqueOrganismeFormation."
ETRANGER = "organismeEtrangerRepresente."
FLAGS = {
    "certifications.actionsDeFormation": CategorieQualiopi.ACTIONS_FORMATION,
    "certifications.bilansDeCompetences": CategorieQualiopi.BILANS_COMPETENCES,
    "certifications.VAE": CategorieQualiopi.VAE,
    "certifications.actionsDeFormationParApprentissage": CategorieQualiopi.APPRENTISSAGE,
}
COLONNES = (
    "numeroDeclarationActivite",
    "numerosDeclarationActivitePrecedent",
    "denomination",
    "siren",
    "siretEtablissementDeclarant",
    ADRESSE + "voie",
    ADRESSE + "codePostal",
    ADRESSE + "ville",
    ADRESSE + "codeRegion",
    *FLAGS,
    ETRANGER + "denomination",
    ETRANGER + "voie",
    ETRANGER + "codePostal",
    ETRANGER + "ville",
    ETRANGER + "pays",
    INFOS + "dateDerniereDeclaration",
    INFOS + "debutExercice",
    INFOS + "finExercice",
    *(f"{SPECIALITES}codeSpecialite{n}" for n in (1, 2, 3)),
    *(f"{SPECIALITES}libelleSpecialite{n}" for n in (1, 2, 3)),
    INFOS + "nbStagiaires",
    INFOS + "nbStagiairesConfiesParUnAutreOF",
    INFOS + "effectifFormateurs",
    "toutes_certifications",
)


class ChargeurDgefp(Chargeur):
    type = TypeChargement.DGEFP
    format = "la « liste publique des organismes de formation » de la DGEFP (data.gouv.fr)"
    colonnes = COLONNES
    model = DeclarationActivite
    cle = "numero"
    colonne_cle = "numeroDeclarationActivite"

    def charger(self, *, dry_run: bool = False):
        self.certificats = Diff("Certificats Qualiopi")
        self.premier = not Chargement.objects.filter(type=TypeChargement.DGEFP).exists()
        self.flags: dict[str, set[str]] = {}
        return super().charger(dry_run=dry_run)

    def valeurs(self, ligne: Ligne) -> tuple[str, dict[str, Any], str, str]:
        numero = normalize_nda(ligne.texte(self.colonne_cle)) or ""
        if not NDA_PATTERN.fullmatch(numero):
            raise ligne.erreur(self.colonne_cle, "invalide : un NDA de 11 caractères est attendu.")
        siren = ligne.chiffres("siren", 9, requis=True)
        siret = ligne.chiffres("siretEtablissementDeclarant", 14)
        if siret and siret[:9] != siren:
            raise ligne.erreur("siretEtablissementDeclarant", f"n'appartient pas au SIREN {siren}.")
        denomination = ligne.texte("denomination")
        self.flags[numero] = {categorie for colonne, categorie in FLAGS.items() if ligne.booleen(colonne)}
        etranger = {
            cle: ligne.texte(ETRANGER + cle)
            for cle in ("denomination", "voie", "codePostal", "ville", "pays")
        }
        specialites = [
            {"code": code, "libelle": ligne.texte(f"{SPECIALITES}libelleSpecialite{n}")}
            for n in (1, 2, 3)
            if (code := ligne.texte(f"{SPECIALITES}codeSpecialite{n}"))
        ]
        values = {
            "numeros_precedents": [
                nda
                for value in ligne.texte("numerosDeclarationActivitePrecedent").replace(",", " ").split()
                if (nda := normalize_nda(value))
            ],
            "siret_declarant": siret,
            "denomination": denomination[:255],
            "voie": ligne.texte(ADRESSE + "voie")[:255],
            "code_postal": ligne.texte(ADRESSE + "codePostal")[:10],
            "ville": ligne.texte(ADRESSE + "ville")[:100],
            "code_region": ligne.texte(ADRESSE + "codeRegion")[:3],
            "organisme_etranger": etranger if any(etranger.values()) else {},
            "date_derniere_declaration": ligne.date(INFOS + "dateDerniereDeclaration"),
            "debut_exercice": ligne.date(INFOS + "debutExercice"),
            "fin_exercice": ligne.date(INFOS + "finExercice"),
            "specialites": specialites,
            "nb_stagiaires": ligne.entier(INFOS + "nbStagiaires"),
            "nb_stagiaires_confies": ligne.entier(INFOS + "nbStagiairesConfiesParUnAutreOF"),
            "effectif_formateurs": ligne.entier(INFOS + "effectifFormateurs"),
        }
        return numero, values, siren, denomination

    def apres_ecriture(self, keys, pks):
        """Open a certificate for each flag newly shown, end the ones no longer shown."""
        wanted = {pks[numero]: self.flags.pop(numero) for numero in keys}
        en_cours = {
            (row["declaration_id"], row["categorie"]): row["id"]
            for row in CertificatQualiopi.objects.en_cours()
            .filter(declaration_id__in=list(wanted))
            .values("id", "declaration_id", "categorie")
        }
        nouveaux = [
            (declaration, categorie)
            for declaration, categories in wanted.items()
            for categorie in sorted(categories)
            if (declaration, categorie) not in en_cours
        ]
        self._ouvrir(nouveaux)
        self._fermer(
            [pk for (declaration, categorie), pk in en_cours.items() if categorie not in wanted[declaration]]
        )

    def apres_retrait(self, ids):
        for chunk in batched(ids, bulk.CHUNK):
            self._fermer(
                list(
                    CertificatQualiopi.objects.en_cours()
                    .filter(declaration_id__in=chunk)
                    .values_list("id", flat=True)
                )
            )
        self.extra_diffs.append(self.certificats)

    def _ouvrir(self, nouveaux: list[tuple[int, str]]) -> None:
        debut = None if self.premier else self.date_donnees
        rows = [
            {
                "id": pk,
                "declaration_id": declaration,
                "categorie": str(categorie),
                "date_debut": debut,
                "date_fin": None,
                "chargement_debut_id": self.chargement.pk,
                "chargement_fin_id": None,
            }
            for pk, (declaration, categorie) in zip(
                bulk.allocate_ids(CertificatQualiopi, len(nouveaux)), nouveaux, strict=True
            )
        ]
        bulk.insert(CertificatQualiopi, rows)
        historiser(
            CertificatQualiopi, ((row["id"], Operation.CREATION, {}, row["categorie"]) for row in rows)
        )
        self.certificats.added += len(rows)

    def _fermer(self, ids: list[int]) -> None:
        for chunk in batched(ids, bulk.CHUNK):
            CertificatQualiopi.objects.filter(pk__in=chunk).update(
                date_fin=self.date_donnees, chargement_fin=self.chargement
            )
        fin = self.date_donnees.isoformat()
        historiser(
            CertificatQualiopi, ((pk, Operation.MODIFICATION, {"date_fin": [None, fin]}, "") for pk in ids)
        )
        self.certificats.removed += len(ids)
