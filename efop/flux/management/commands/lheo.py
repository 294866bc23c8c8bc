"""`efop lheo import|validate|export|generate`: the LHEO flows of the offer base."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from efop.commands import add_subcommand
from efop.flux.catalog import catalog_from_referentiels
from efop.flux.exporter import export_lheo
from efop.flux.generator import EmptyCatalog, FluxGenerator
from efop.flux.importer import import_lheo
from efop.flux.validator import validate_lheo
from efop.lheo.errors import LheoFileError, Problem
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter

EXPORT_VERSIONS = {"2.2": LheoVersion.V22, "2.3": LheoVersion.V23}


class Command(BaseCommand):
    help = "Flux LHEO de l'offre de formation : import, validation, export, génération."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,validate,export,generate}")

        imp = add_subcommand(sub, "import", help="Importer un fichier LHEO (2.2, 2.3, EDOF ; .gz accepté).")
        imp.add_argument("file", type=Path, help="Fichier LHEO à importer.")
        imp.add_argument("--source", required=True, help="Code de la source (ex. greta, afpa).")
        imp.add_argument("--dry-run", action="store_true", help="Tout vérifier sans rien enregistrer.")
        imp.add_argument(
            "--partiel",
            action="store_true",
            help="Fichier partiel : ne pas retirer les formations absentes du fichier.",
        )
        imp.add_argument(
            "--jobs",
            type=int,
            choices=(1, 2),
            help="1 : lire et enregistrer dans ce processus ; 2 : lire le fichier dans un second processus "
            "pendant l'enregistrement (défaut : 2 pour un fichier de plus de 4 Mo sur plusieurs cœurs).",
        )

        val = add_subcommand(sub, "validate", help="Valider un fichier LHEO sans l'importer.")
        val.add_argument("file", type=Path, help="Fichier LHEO à valider.")

        exp = add_subcommand(sub, "export", help="Exporter l'offre publiée en LHEO.")
        exp.add_argument(
            "--version",
            dest="lheo_version",
            choices=sorted(EXPORT_VERSIONS),
            default="2.3",
            help="Version LHEO du fichier produit (défaut 2.3).",
        )
        exp.add_argument(
            "--output", type=Path, required=True, help="Fichier produit (.gz pour le compresser)."
        )
        exp.add_argument("--source", help="N'exporter que l'offre de cette source.")
        exp.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processus qui lisent la base et écrivent le XML en parallèle (défaut : un par cœur).",
        )

        gen = add_subcommand(
            sub, "generate", help="Générer un flux régional réaliste à partir des référentiels."
        )
        gen.add_argument("--formations", type=int, default=100, help="Nombre de formations (défaut 100).")
        gen.add_argument("--seed", type=int, default=1, help="Graine : même graine, même fichier.")
        gen.add_argument(
            "--output", type=Path, required=True, help="Fichier produit (.gz pour le compresser)."
        )
        gen.add_argument(
            "--version",
            dest="lheo_version",
            choices=sorted(EXPORT_VERSIONS),
            default="2.3",
            help="Version LHEO (défaut 2.3).",
        )

    def handle(self, *args, action, **options):
        progress = options["verbosity"] >= 1
        try:
            getattr(self, f"handle_{action}")(progress=progress, **options)
        except LheoFileError as error:
            raise CommandError(f"Fichier refusé, la base n'a pas été modifiée. {error.message}") from error
        except EmptyCatalog as error:
            raise CommandError(str(error)) from error
        except FileNotFoundError as error:
            raise CommandError(f"Fichier introuvable : {error.filename}") from error

    def handle_import(self, *, file, source, dry_run, partiel, progress, jobs, **_):
        report = import_lheo(
            file,
            source=source,
            dry_run=dry_run,
            full=not partiel,
            progress=progress,
            on_problem=self._print,
            read_ahead=None if jobs is None else jobs == 2,
        )
        if report.rejected:
            self.stdout.write(self.style.WARNING("Formations rejetées : " + ", ".join(report.rejected)))
        prefix = "Simulation (rien n'a été enregistré). " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))

    def handle_validate(self, *, file, progress, **_):
        report = validate_lheo(file, progress=progress, on_problem=self._print)
        self.stdout.write(report.summary())
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} formation(s) seraient rejetées.")

    def _print(self, problem: Problem) -> None:
        """One line per problem as the file is read, above the progress bar (memory stays bounded)."""
        with tqdm.external_write_mode():
            self.stdout.write(str(problem))

    def handle_export(self, *, lheo_version, output, source, progress, jobs, **_):
        count = export_lheo(
            output, version=EXPORT_VERSIONS[lheo_version], source=source, progress=progress, jobs=jobs
        )
        self.stdout.write(
            self.style.SUCCESS(f"{count} formations exportées en LHEO {lheo_version} dans {output}.")
        )

    def handle_generate(self, *, formations, seed, output, lheo_version, progress, **_):
        generator = FluxGenerator(catalog_from_referentiels(), seed=seed, version=lheo_version)
        with LheoWriter(output, EXPORT_VERSIONS[lheo_version]) as writer:
            for tree in tqdm(
                generator.formations(formations),
                total=formations,
                desc="Génération",
                unit=" formations",
                disable=not progress,
                leave=False,
            ):
                writer.write_formation(tree)
        self.stdout.write(self.style.SUCCESS(f"{formations} formations générées dans {output}."))
