"""Checks of the identifiers an organisation gives when it joins: SIRET (python-stdnum) and NDA.
Each refusal says what is wrong and what to enter instead."""

import re

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.fr import siret as stdnum_siret

from efop.lheo.values import normalize_nda

NDA_LENGTH = 11


def clean_siret(raw: str) -> str:
    """The 14 digits of a valid SIRET (spaces and dots allowed in `raw`)."""
    value = re.sub(r"[\s.\-]", "", raw or "")
    if not value.isdigit():
        raise ValidationError(
            "Le SIRET ne contient que des chiffres (14) : vérifiez la saisie.", code="siret_format"
        )
    if len(value) != 14:
        raise ValidationError(
            f"Le SIRET compte 14 chiffres ; vous en avez saisi {len(value)}.", code="siret_length"
        )
    # Producers fill the mandatory SIRET with one repeated digit (00000000000000 passes the checksum).
    if len(set(value)) == 1:
        raise ValidationError(
            "Ce SIRET est une valeur de remplissage, pas un vrai numéro : saisissez le SIRET de "
            "votre établissement (avis de situation INSEE).",
            code="siret_placeholder",
        )
    try:
        stdnum_siret.validate(value)
    except stdnum_errors.ValidationError:
        raise ValidationError(
            "Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas) : vérifiez chacun "
            "des 14 chiffres.",
            code="siret_checksum",
        ) from None
    return value


def clean_nda(raw: str) -> str:
    """The 11 characters of a numéro de déclaration d'activité (spaces allowed in `raw`)."""
    value = re.sub(r"\s", "", raw or "").upper()
    if len(value) != NDA_LENGTH:
        raise ValidationError(
            f"Le numéro de déclaration d'activité compte {NDA_LENGTH} caractères ; vous en avez "
            f"saisi {len(value)}.",
            code="nda_length",
        )
    if not value.isalnum():
        raise ValidationError(
            "Le numéro de déclaration d'activité ne contient que des chiffres (et 2A ou 2B pour la Corse).",
            code="nda_format",
        )
    if normalize_nda(value) is None:
        raise ValidationError(
            "Ce numéro de déclaration d'activité est une valeur de remplissage : saisissez celui "
            "que la DREETS vous a attribué.",
            code="nda_placeholder",
        )
    return value


def same_siren(siret: str, other: str) -> bool:
    return siret[:9] == other[:9]
