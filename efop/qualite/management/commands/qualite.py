"""`efop qualite run [--source NAME] [--dry-run]`, `efop qualite nightly`,
`efop qualite report --format csv --output FILE`, `efop qualite regles`."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from efop.commands import add_subcommand
from efop.flux.models import Source
from efop.qualite import engine, report
from efop.qualite.enums import Declencheur
from efop.qualite.nightly import run_nightly
from efop.qualite.rules import REGISTRY, by_family
from efop.qualite.services import controler


def _source(code: str | None) -> Source | None:
    if code is None:
        return None
    try:
        return Source.objects.get(code=code)
    except Source.DoesNotExist:
        known = ", ".join(Source.objects.order_by("code").values_list("code", flat=True)) or "aucune"
        raise CommandError(f"Source inconnue : {code} (sources : {known}).") from None


def rules_markdown() -> str:
    """The rules as Markdown tables, one per family (the README's list)."""
    lines = []
    for label, rules in by_family():
        lines += [
            f"**{label}**",
            "",
            "| règle | niveau | contrôle | ce qui est vérifié |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| `{rule.id}` | {rule.level.label} | {rule.record_type.label.lower()} | {rule.documentation} |"
            for rule in rules
        ]
        lines.append("")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Contrôles qualité de l'offre : exécution, rapport, liste des règles."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="{run,nightly,report,regles}")
        run = add_subcommand(
            commands,
            "run",
            help="exécute les contrôles et affiche le nombre de résultats par règle",
            description=(
                "Exécute toutes les règles sur les formations (celles d'une source avec --source), "
                "enregistre les résultats (remplacés pour les enregistrements contrôlés) et affiche "
                "leur nombre par règle."
            ),
        )
        run.add_argument("--source", metavar="NOM", help="code de la source dont contrôler les formations")
        run.add_argument("--dry-run", action="store_true", help="affiche les résultats sans les enregistrer")
        add_subcommand(
            commands,
            "nightly",
            help="contrôle de nuit : toute la base, enregistré avec le relevé du tableau de bord",
            description=(
                "Exécute toutes les règles sur toute la base, comme la tâche de nuit : l'exécution est "
                "enregistrée (tableau de bord qualité) avec le relevé des constats par règle, source et "
                "territoire qui trace la tendance."
            ),
        )
        report_parser = add_subcommand(
            commands,
            "report",
            help="écrit les résultats, une ligne par constat",
            description=(
                "Écrit les résultats enregistrés (hors dérogations), une ligne par constat, avec les "
                "colonnes rule, level, record_type, record_id, source, field, value, message."
            ),
        )
        report_parser.add_argument("--format", choices=["csv"], default="csv", help="format (csv)")
        report_parser.add_argument("--output", metavar="FICHIER", required=True, help="fichier à écrire")
        report_parser.add_argument("--source", metavar="NOM", help="seulement les résultats de cette source")
        add_subcommand(commands, "regles", help="liste les règles (Markdown, comme dans le README)")

    def handle(self, *args, action, **options):
        if action == "regles":
            self.stdout.write(rules_markdown())
        elif action == "report":
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                count = report.write_csv(out, source=_source(options["source"]))
            self.stdout.write(self.style.SUCCESS(f"{count} constat(s) écrit(s) dans {options['output']}."))
        elif action == "nightly":
            self._run(None, False, options["verbosity"], nightly=True)
        else:
            self._run(_source(options["source"]), options["dry_run"], options["verbosity"])

    def _run(self, source, dry_run, verbosity, *, nightly=False):
        started = time.monotonic()
        with tqdm(
            desc="Contrôles",
            unit=" formations",
            leave=False,
            file=sys.stderr,
            disable=None if verbosity > 0 else True,
        ) as bar:

            def progress(done, total):
                bar.total = total
                bar.update(done)

            if dry_run:
                result = engine.run(source=source, dry_run=True, progress=progress)
            elif nightly:
                result = run_nightly(progress=progress)[1]
            else:
                result = controler(Declencheur.DEMANDE, source=source, progress=progress)[1]
        for rule in result.skipped:
            self.stderr.write(
                self.style.WARNING(
                    f"Règle {rule.id} non exécutée : référentiel {', '.join(rule.needs)} non chargé."
                )
            )
        self.stdout.write(f"{result.formations} formation(s) contrôlée(s).")
        for rule_id, rule in REGISTRY.items():
            if count := result.counts.get(rule_id):
                self.stdout.write(f"  {rule_id:<34} {rule.level.label:<14} {count:>7}  {rule.titre}")
        total = sum(result.counts.values())
        elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
        if dry_run:
            self.stdout.write(
                self.style.WARNING(
                    f"Simulation (--dry-run) : {total} constat(s), rien d'enregistré ({elapsed} s)."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{total} constat(s) ; {result.created} résultat(s) ajouté(s), {result.deleted} retiré(s) "
                    f"({elapsed} s)."
                )
            )
