"""`efop export masse` (preview or apply a bulk change to a saved query's result) and
`efop export masse-annuler ID`."""

import argparse
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from efop.commands import Subcommand
from efop.comptes.models import User
from efop.selections.models import RequeteSauvegardee

from . import services
from .champs import MasseError
from .enums import OperationMasse
from .models import ModificationMasse

SHOWN = 50


def _masse_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--requete", required=True, help="code de la requête enregistrée")
    parser.add_argument("--operation", required=True, choices=OperationMasse.values)
    parser.add_argument("--champ", help="modèle:champ, ex. offre.Action:rythme (remplir, remplacer, vider)")
    parser.add_argument("--valeur", help="nouvelle valeur (remplir, remplacer)")
    parser.add_argument("--ancienne-valeur", help="valeur à remplacer (remplacer)")
    parser.add_argument("--etiquette", help="code de l'étiquette (poser, retirer)")
    parser.add_argument("--ancien-code", help="code financeur à remplacer")
    parser.add_argument("--nouveau-code", help="nouveau code financeur")
    parser.add_argument("--correspondances", type=Path, help="fichier ancien;nouveau des Formacode")
    parser.add_argument("--version", default="", help="version Formacode (@ref) des nouveaux codes, ex. V14")
    parser.add_argument("--raison", required=True, help="pourquoi : reste dans l'historique")
    parser.add_argument(
        "--auteur", required=True, help="e-mail du compte de l'équipe qui fait la modification"
    )
    parser.add_argument("--dry-run", action="store_true", help="montrer les changements, ne rien écrire")


def _staff(email: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None or not user.is_documentaliste:
        raise CommandError(
            f"« {email} » n'est pas un compte actif de l'équipe (documentaliste ou administrateur)."
        )
    return user


def _parametres(options) -> dict:
    modele, _, champ = (options["champ"] or "").rpartition(":")
    parametres = {
        "modele": modele,
        "champ": champ,
        "valeur": options["valeur"],
        "ancienne_valeur": options["ancienne_valeur"],
        "etiquette": options["etiquette"],
        "ancien_code": options["ancien_code"],
        "nouveau_code": options["nouveau_code"],
        "version": options["version"],
    }
    if path := options["correspondances"]:
        try:
            parametres["correspondances"] = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"Table de correspondance illisible ({path}) : {error.strerror}.") from None
    return parametres


def _masse(command, *, progress, **options) -> None:
    requete = RequeteSauvegardee.objects.filter(code=options["requete"]).first()
    if requete is None:
        raise CommandError(f"Requête enregistrée « {options['requete']} » inconnue (voir le back office).")
    user = _staff(options["auteur"])
    try:
        with transaction.atomic():
            modification = services.preparer(
                auteur=user,
                operation=options["operation"],
                parametres=_parametres(options),
                raison=options["raison"],
                requete=requete,
            )
            for number, change in enumerate(services.prevus(modification)):
                if number == SHOWN:
                    command.stdout.write(f"  … et {modification.nb_changements - SHOWN} autres")
                    break
                champs = ", ".join(
                    f"{name} : {old!r} → {new!r}" for name, (old, new) in change.champs.items()
                )
                command.stdout.write(f"  {change.libelle} — {champs}")
            summary = (
                f"{modification.nb_changements} changement(s) sur {modification.nb_formations} formation(s) "
                f"de la requête « {requete} »"
            )
            if options["dry_run"]:
                transaction.set_rollback(True)
                command.stdout.write(f"{summary} — --dry-run : rien n'est écrit.")
                return
            services.appliquer(modification, user)
    except MasseError as error:
        raise CommandError(str(error)) from None
    command.stdout.write(command.style.SUCCESS(f"{summary} : appliquée (modification n°{modification.pk})."))


def _annuler_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=int, help="numéro de la modification en masse")
    parser.add_argument("--auteur", required=True, help="e-mail du compte de l'équipe qui annule")


def _annuler(command, *, progress, **options) -> None:
    modification = ModificationMasse.objects.filter(pk=options["id"]).first()
    if modification is None:
        raise CommandError(f"Modification en masse n°{options['id']} inconnue.")
    try:
        services.annuler(modification, _staff(options["auteur"]))
    except MasseError as error:
        raise CommandError(str(error)) from None
    command.stdout.write(
        command.style.SUCCESS(
            f"Modification n°{modification.pk} annulée : {modification.nb_changements} valeur(s) remises."
        )
    )


SUBCOMMANDS = (
    Subcommand(
        "masse",
        "Modifier en masse le résultat d'une requête enregistrée (--dry-run : aperçu).",
        _masse_arguments,
        _masse,
    ),
    Subcommand("masse-annuler", "Annuler une modification en masse appliquée.", _annuler_arguments, _annuler),
)
