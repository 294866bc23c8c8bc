"""`efop export …`: the offer as it leaves efop — export profiles and their consumers, the offer
as it was on a date, bulk changes of a saved query's result, the full migration export. Each
sub-command is declared by the module of its domain (`SUBCOMMANDS`, see efop.commands)."""

from django.core.management.base import BaseCommand

from efop.commands import add_subcommands

MODULES: tuple[str, ...] = (
    "efop.flux.exports.commande",
    "efop.masse.commande",
    "efop.transfert.commande",
)


class Command(BaseCommand):
    help = (
        "Exports de l'offre : profils et consommateurs, offre à une date, modifications en masse, migration."
    )

    def add_arguments(self, parser):
        self.subcommands = add_subcommands(parser, MODULES)

    def handle(self, *args, action, **options):
        self.subcommands[action].handle(self, progress=options["verbosity"] >= 1, **options)
