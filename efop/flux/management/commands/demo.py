"""`efop demo load`: a demo offer (generated regional flux + the real LHEO samples), the demo
organisations directory and a staff account."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from efop.commands import add_subcommand
from efop.comptes import demo as demo_accounts
from efop.dispositifs.demo import ensure_demo_dispositifs
from efop.flux.catalog import catalog_from_referentiels
from efop.flux.enums import LocationKind
from efop.flux.generator import FluxGenerator
from efop.flux.importer import import_lheo
from efop.flux.models import Source
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.lieux.demo import ensure_demo_lieux
from efop.metiers.demo import charger_demo as charger_demo_metiers
from efop.organismes.annuaire.demo import charger_demo
from efop.plateaux.demo import ensure_demo_plateaux
from efop.ressources.demo import ensure_demo_ressources

DEMO_FORMATIONS = 300
REAL_SAMPLES = {
    "onisep": "lheo/samples/onisep-bts-nrc-2.2.xml",
    "intercarif": "lheo/samples/intercarif-anotea-test-2.2.xml",
    "edof": "lheo/edof/exemple-catalogue-a-importer_v7r0.xml",
}


class Command(BaseCommand):
    help = "Charger l'offre de démonstration (flux régional généré et échantillons LHEO réels)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load}")
        load = add_subcommand(sub, "load", help="Charger (ou mettre à jour) l'offre de démonstration.")
        load.add_argument(
            "--formations",
            type=int,
            default=DEMO_FORMATIONS,
            help=f"Taille du flux généré (défaut {DEMO_FORMATIONS}).",
        )

    def handle(self, *args, action, formations, **options):
        progress = options["verbosity"] >= 1
        folder = settings.DATA_DIR / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        generated = folder / "flux-regional-demo.xml"
        generator = FluxGenerator(catalog_from_referentiels(), seed=1)
        with LheoWriter(generated, LheoVersion.V23) as writer:
            for tree in generator.formations(formations):
                writer.write_formation(tree)
        call_command("referentiels", "territoires", verbosity=options["verbosity"])
        self.stdout.write("Métiers : " + ", ".join(str(diff) for diff in charger_demo_metiers().diffs))
        files = {"demo": generated} | {
            name: settings.REFERENCE_DIR / rel for name, rel in REAL_SAMPLES.items()
        }
        for source, path in files.items():
            report = import_lheo(path, source=source, progress=progress)
            self.stdout.write(f"{source} : {report.summary()}")
        for rapport in charger_demo(folder, progress=progress):
            self.stdout.write(f"{rapport.chargement} : {', '.join(str(diff) for diff in rapport.diffs)}")
        self.stdout.write(f"Dispositifs de démonstration : {ensure_demo_dispositifs()}")
        self.stdout.write(
            f"Ressources et agenda : {ensure_demo_ressources()} fiche(s) créée(s) (/actualites/, /agenda/)."
        )
        self.stdout.write(f"Lieux d'information de démonstration : {ensure_demo_lieux()} ajouté(s)")
        self._watch_demo_folder(folder / "depot")
        self._ensure_staff_account()
        self._ensure_demo_accounts()

    def _watch_demo_folder(self, inbox) -> None:
        """The demo source reads a watched folder: a file put there is applied by « Exécuter
        maintenant » on /flux/ (or `efop flux run demo`)."""
        inbox.mkdir(exist_ok=True)
        Source.objects.filter(code="demo").update(location_kind=LocationKind.DOSSIER, location=str(inbox))
        self.stdout.write(f"Flux partenaires : la source « demo » lit le dossier {inbox} (pages /flux/).")

    def _ensure_staff_account(self) -> None:
        users = get_user_model().objects
        if users.exists():
            return
        users.create_superuser("admin@example.org", "admin")
        self.stdout.write(
            self.style.WARNING(
                "Compte de démonstration créé : admin@example.org / admin (à changer hors démonstration)."
            )
        )

    def _ensure_demo_accounts(self) -> None:
        organisme = demo_accounts.ensure_demo_accounts()
        if made := ensure_demo_plateaux(organisme):
            self.stdout.write(f"Plateaux techniques de démonstration : {made} (de {organisme})")
        accounts = [(demo_accounts.DOCUMENTALISTE_EMAIL, "documentaliste")]
        if organisme:
            accounts.append((demo_accounts.ORGANISME_EMAIL, f"administrateur de {organisme}"))
        for email, what in accounts:
            self.stdout.write(f"Espace des organismes : {email} / {demo_accounts.PASSWORD} ({what})")
