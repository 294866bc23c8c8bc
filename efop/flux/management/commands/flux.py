"""`efop flux sources|run|runs|approve|reject|undo`: the partner flows, as staff operate them in
the back office (/flux/)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from efop.commands import add_subcommand
from efop.flux import pipeline, tasks, undo
from efop.flux.enums import RunStatus
from efop.flux.models import ImportRun, Source
from efop.flux.verrou import SourceBusy


class Command(BaseCommand):
    help = "Flux partenaires : sources, exécutions, approbation des fichiers retenus, annulation."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{sources,run,runs,approve,reject,undo}"
        )
        add_subcommand(sub, "sources", help="Lister les sources, leur emplacement et leur planification.")

        run = add_subcommand(
            sub, "run", help="Exécuter une source maintenant (récupérer, vérifier, appliquer)."
        )
        run.add_argument("source", help="Code de la source (ex. greta).")
        run.add_argument(
            "--dry-run", action="store_true", help="Récupérer, valider et comparer sans rien appliquer."
        )
        run.add_argument(
            "--file-attente",
            action="store_true",
            help="Confier l'exécution au worker (efop worker) au lieu de l'exécuter ici.",
        )

        runs = add_subcommand(sub, "runs", help="Lister les dernières exécutions.")
        runs.add_argument("--source", help="Seulement celles de cette source.")
        runs.add_argument("--limit", type=int, default=20, help="Nombre d'exécutions (défaut 20).")

        for name, text in (
            ("approve", "Appliquer une exécution en attente d'approbation."),
            ("reject", "Rejeter une exécution en attente d'approbation (rien n'est appliqué)."),
            ("undo", "Annuler une exécution appliquée : remettre l'offre de la source dans l'état d'avant."),
        ):
            action = add_subcommand(sub, name, help=text)
            action.add_argument("run", type=int, help="Numéro de l'exécution.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"handle_{action}")(progress=options["verbosity"] >= 1, **options)
        except (pipeline.RunRefused, SourceBusy) as error:
            raise CommandError(str(error)) from error

    def handle_sources(self, **_):
        for source in Source.objects.select_related("organisme"):
            where = f"{source.get_location_kind_display()} {source.location}".strip()
            planned = (
                f"« {source.schedule} », prochaine le {timezone.localtime(source.next_run_at):%d/%m/%Y %H:%M}"
                if source.next_run_at
                else "à la demande"
            )
            state = "" if source.is_active else " (inactive)"
            self.stdout.write(
                f"{source.code}{state} — {source.nom} — {source.get_format_display()}, "
                f"{'complet' if source.full else 'partiel'} — {where} — {planned}"
            )

    def handle_run(self, *, source, dry_run, file_attente, progress, **_):
        found = self._source(source)
        run = pipeline.request_run(found, dry_run=dry_run)
        if file_attente:
            tasks.enqueue(run)
            self.stdout.write(self.style.SUCCESS(f"Exécution n° {run.pk} confiée au worker."))
            return
        self._report(pipeline.execute(run, progress=progress))

    def handle_runs(self, *, source, limit, **_):
        runs = ImportRun.objects.select_related("source").order_by("-started_at", "-pk")
        if source:
            runs = runs.filter(source=self._source(source))
        for run in runs[:limit]:
            counts = run.counts_text
            self.stdout.write(
                f"n° {run.pk} {timezone.localtime(run.started_at):%d/%m/%Y %H:%M} {run.source or '—'} "
                f"{run.get_kind_display()} « {run.file_name} » : {run.get_status_display()}"
                + (f" — {counts}" if counts else "")
            )

    def handle_approve(self, *, run, progress, **_):
        self._report(pipeline.approve(self._run(run), None, progress=progress))

    def handle_reject(self, *, run, **_):
        self._report(pipeline.reject(self._run(run), None))

    def handle_undo(self, *, run, **_):
        done = undo.undo(self._run(run))
        self.stdout.write(
            self.style.SUCCESS(f"Exécution n° {run} annulée (annulation n° {done.pk}) : {done.counts_text}.")
        )

    def _source(self, code: str) -> Source:
        found = Source.objects.filter(code=code).first()
        if found is None:
            known = ", ".join(Source.objects.values_list("code", flat=True)) or "aucune"
            raise CommandError(f"Source « {code} » inconnue. Sources : {known}.")
        return found

    def _run(self, pk: int) -> ImportRun:
        found = ImportRun.objects.select_related("source").filter(pk=pk).first()
        if found is None:
            raise CommandError(f"Exécution n° {pk} introuvable : voyez « efop flux runs ».")
        return found

    def _report(self, run: ImportRun) -> None:
        counts = run.counts_text
        line = (
            f"Exécution n° {run.pk} : {run.get_status_display()}" + (f" — {counts}" if counts else "") + "."
        )
        if run.hold_reason and run.status == RunStatus.HELD:
            line += f" {run.hold_reason} Approuvez-la avec « efop flux approve {run.pk} » ou rejetez-la."
        if run.error:
            line += f" {run.error}"
        if run.status == RunStatus.FAILED:
            raise CommandError(line)
        self.stdout.write(self.style.SUCCESS(line))
