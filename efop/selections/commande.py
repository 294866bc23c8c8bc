"""`efop export requetes`, `efop export appliquer [CODE…] [--dry-run]`,
`efop export etiqueter TAG (--requete CODE | --formation ID…) [--retirer] [--dry-run]`."""

from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from efop.commands import Subcommand
from efop.offre.models import Formation

from . import services
from .models import Etiquette, RequeteSauvegardee


class _Rollback(Exception):
    pass


@contextmanager
def _atomic(dry_run: bool):
    """One transaction; rolled back for a simulation (what it would change is still counted)."""
    try:
        with transaction.atomic():
            yield
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass


def _requete(code: str) -> RequeteSauvegardee:
    try:
        return RequeteSauvegardee.objects.select_related("etiquette").get(code=code)
    except RequeteSauvegardee.DoesNotExist:
        known = ", ".join(RequeteSauvegardee.objects.values_list("code", flat=True)) or "aucune"
        raise CommandError(
            f"Requête enregistrée inconnue : {code} (requêtes : {known}). `efop export requetes` les liste."
        ) from None


def _ending(command, dry_run: bool) -> None:
    if dry_run:
        command.stdout.write(command.style.WARNING("Simulation (--dry-run) : rien d'enregistré."))


# efop export requetes --------------------------------------------------------------------------


def _requetes_arguments(parser) -> None:
    pass


def _requetes(command, *, progress, **options) -> None:
    requetes = RequeteSauvegardee.objects.select_related("etiquette").annotate(
        etiquetees=Count("etiquetages")
    )
    if not requetes:
        command.stdout.write("Aucune requête enregistrée (back-office : /selections/requetes/).")
    for requete in requetes.order_by("code"):
        try:
            found = str(requete.formations().count())
        except ValueError as error:
            found = f"critères illisibles ({error})"
        tag = (
            f"étiquette {requete.etiquette.code}, {requete.etiquetees} posée(s)"
            if requete.etiquette
            else "sans étiquette"
        )
        command.stdout.write(f"{requete.code}\t{requete.nom}\t{found} formation(s)\t{tag}")


# efop export appliquer ---------------------------------------------------------------------------


def _appliquer_arguments(parser) -> None:
    parser.add_argument("codes", nargs="*", metavar="CODE", help="codes des requêtes (toutes par défaut)")
    parser.add_argument("--dry-run", action="store_true", help="affiche ce qui changerait sans l'enregistrer")


def _appliquer(command, *, codes, dry_run, progress, **options) -> None:
    requetes = (
        RequeteSauvegardee.objects.filter(pk__in=[_requete(code).pk for code in codes]) if codes else None
    )
    try:
        with _atomic(dry_run):
            bilans = services.appliquer_requetes(requetes, progress=progress)
    except ValueError as error:  # CriteresInvalides, UnknownPlace
        raise CommandError(f"Requête non appliquée, rien n'est changé : {error}") from error
    if not bilans:
        command.stdout.write("Aucune requête enregistrée ne pose d'étiquette.")
    for etiquette, bilan in bilans.items():
        command.stdout.write(f"{etiquette.code}\t+{bilan.ajoutees}\t-{bilan.retirees}")
    _ending(command, dry_run)


# efop export etiqueter ---------------------------------------------------------------------------


def _etiqueter_arguments(parser) -> None:
    parser.add_argument("etiquette", metavar="ETIQUETTE", help="code de l'étiquette")
    chosen = parser.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--requete", metavar="CODE", help="les formations que sélectionne cette requête")
    chosen.add_argument("--formation", nargs="+", type=int, metavar="ID", help="identifiants de formations")
    parser.add_argument(
        "--retirer", action="store_true", help="retire l'étiquette posée à la main au lieu de la poser"
    )
    parser.add_argument("--dry-run", action="store_true", help="affiche ce qui changerait sans l'enregistrer")


def _etiqueter(command, *, etiquette, requete, formation, retirer, dry_run, progress, **options) -> None:
    try:
        tag = Etiquette.objects.get(code=etiquette)
    except Etiquette.DoesNotExist:
        known = ", ".join(Etiquette.objects.values_list("code", flat=True)) or "aucune"
        raise CommandError(f"Étiquette inconnue : {etiquette} (étiquettes : {known}).") from None
    if requete:
        formations = _requete(requete).formations
    else:
        missing = sorted(
            set(formation) - set(Formation.objects.filter(pk__in=formation).values_list("pk", flat=True))
        )
        if missing:
            raise CommandError(
                f"Formation(s) inconnue(s) : {', '.join(map(str, missing))}. Rien n'est changé."
            )
        formations = Formation.objects.filter(pk__in=formation).all
    step = services.desetiqueter if retirer else services.etiqueter
    try:
        with _atomic(dry_run):
            changed = step(formations(), tag)
    except ValueError as error:  # CriteresInvalides, UnknownPlace
        raise CommandError(f"Requête « {requete} » : {error} Rien n'est changé.") from error
    verb = "retirée de" if retirer else "posée sur"
    command.stdout.write(f"Étiquette {tag.code} {verb} {changed} formation(s).")
    _ending(command, dry_run)


SUBCOMMANDS = (
    Subcommand(
        "requetes",
        "liste les requêtes enregistrées, le nombre de formations qu'elles sélectionnent et leur étiquette",
        _requetes_arguments,
        _requetes,
    ),
    Subcommand(
        "appliquer",
        "réapplique les requêtes enregistrées qui posent une étiquette (ajouts et retraits par étiquette)",
        _appliquer_arguments,
        _appliquer,
    ),
    Subcommand(
        "etiqueter",
        "pose (ou retire avec --retirer) une étiquette à la main sur des formations",
        _etiqueter_arguments,
        _etiqueter,
    ),
)
