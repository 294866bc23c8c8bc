"""`efop export profils | run | livraisons`: the export profiles, a delivery made now, the record
of what was delivered to whom."""

from pathlib import Path

from django.core.management.base import CommandError
from django.db.models import Q
from django.utils import timezone

from efop.commands import Subcommand

from ..enums import LivraisonStatus
from .delta import next_contenu
from .models import Abonnement, Livraison, ProfilExport
from .production import ExportError, check, export_to, produce
from .remise import deliver


def _profil(code: str) -> ProfilExport:
    profil = ProfilExport.objects.filter(code=code).first()
    if profil is None:
        known = ", ".join(ProfilExport.objects.values_list("code", flat=True)) or "aucun"
        raise CommandError(f"Profil d'export « {code} » inconnu. Profils : {known} (efop export profils).")
    return profil


def _abonnements(profil: ProfilExport, consommateur: str | None) -> list[Abonnement]:
    abonnements = profil.abonnements.actifs().select_related("consommateur", "profil")
    if consommateur:
        match = Q(consommateur__nom=consommateur)
        if consommateur.isdigit():
            match |= Q(consommateur__pk=int(consommateur))
        abonnements = abonnements.filter(match)
    found = list(abonnements)
    if not found:
        who = f"le consommateur « {consommateur} »" if consommateur else "aucun consommateur actif"
        raise CommandError(
            f"Le profil « {profil.code} » n'a pas d'abonnement actif pour {who} : abonnez-le dans "
            f"le back-office (/exports/profils/{profil.code}/) ou utilisez --output."
        )
    return found


def _add_profils(parser) -> None:
    pass


def _handle_profils(command, **_) -> None:
    for profil in ProfilExport.objects.select_related("requete").prefetch_related("abonnements"):
        perimetre = profil.requete.nom if profil.requete else "toute l'offre publiée"
        planning = profil.schedule or "à la demande"
        command.stdout.write(
            f"{profil.code} — {profil.nom} : {profil.get_formats_display()}, {profil.get_mode_display()} ; "
            f"périmètre : {perimetre} ; planification : {planning} ; "
            f"{profil.abonnements.count()} abonnement(s){'' if profil.is_active else ' (inactif)'}"
        )


def _add_run(parser) -> None:
    parser.add_argument("profil", help="Code du profil (efop export profils).")
    parser.add_argument("--consommateur", help="Nom ou numéro du consommateur ; défaut : tous les abonnés.")
    parser.add_argument(
        "--complet", action="store_true", help="Livrer toute l'offre du périmètre (resynchronisation)."
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="Écrire un export complet dans ce fichier (suffixe remplacé par celui de chaque format), "
        "sans livraison ni consommateur.",
    )
    parser.add_argument("--dry-run", action="store_true", help="Dire ce qui serait livré, sans rien écrire.")


def _handle_run(command, *, profil, consommateur, complet, output, dry_run, progress, **_) -> None:
    profil = _profil(profil)
    try:
        if output:
            if dry_run:
                raise CommandError("--dry-run et --output ne vont pas ensemble : --output n'enregistre rien.")
            fichiers = export_to(profil, output, progress=progress)
            for path, _format in fichiers.paths:
                command.stdout.write(f"Écrit : {path}")
            return
        for abonnement in _abonnements(profil, consommateur):
            if dry_run:
                plan = next_contenu(abonnement, complet=complet)
                check(profil, plan)
                command.stdout.write(
                    f"{abonnement.consommateur} : livraison {plan.mode} de {len(plan.ecrire)} formation(s) "
                    f"et {len(plan.retirer)} retrait(s) (simulation : rien n'est écrit)."
                )
                continue
            livraison = deliver(produce(abonnement, complet=complet, progress=progress))
            command.stdout.write(_describe(livraison))
            if livraison.status == LivraisonStatus.ECHEC:
                raise CommandError(livraison.error)
    except ExportError as error:
        raise CommandError(str(error)) from error


def _describe(livraison: Livraison) -> str:
    abonnement = livraison.abonnement
    return (
        f"Livraison n° {livraison.pk} à {abonnement.consommateur} ({abonnement.get_remise_display()}) : "
        f"{livraison.get_mode_display()}, {livraison.formations} formation(s), {livraison.retraits} retrait(s), "
        f"{livraison.ignorees} non exportable(s) — {livraison.get_status_display()}"
        + (f" : {livraison.error}" if livraison.error else "")
    )


def _add_livraisons(parser) -> None:
    parser.add_argument("--profil", help="Code du profil.")
    parser.add_argument("--consommateur", help="Nom ou numéro du consommateur.")
    parser.add_argument("--limite", type=int, default=50, help="Nombre de livraisons affichées (défaut 50).")


def _handle_livraisons(command, *, profil, consommateur, limite, **_) -> None:
    livraisons = Livraison.objects.select_related("abonnement__profil", "abonnement__consommateur")
    if profil:
        livraisons = livraisons.filter(abonnement__profil=_profil(profil))
    if consommateur:
        match = Q(abonnement__consommateur__nom=consommateur)
        if consommateur.isdigit():
            match |= Q(abonnement__consommateur__pk=int(consommateur))
        livraisons = livraisons.filter(match)
    for livraison in livraisons[:limite]:
        taken = (
            f", retirée le {timezone.localtime(livraison.acquittee_at):%d/%m/%Y %H:%M}"
            if livraison.acquittee_at
            else ""
        )
        command.stdout.write(
            f"{timezone.localtime(livraison.created_at):%d/%m/%Y %H:%M} {livraison.abonnement.profil.code} "
            f"— {_describe(livraison)}{taken}"
        )


SUBCOMMANDS = (
    Subcommand("profils", "Lister les profils d'export.", _add_profils, _handle_profils),
    Subcommand("run", "Produire et remettre maintenant la livraison d'un profil.", _add_run, _handle_run),
    Subcommand("livraisons", "Ce qui a été livré, à qui et quand.", _add_livraisons, _handle_livraisons),
)
