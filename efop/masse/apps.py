from django.apps import AppConfig


class MasseConfig(AppConfig):
    name = "efop.masse"
    verbose_name = "Modifications en masse"

    def ready(self):
        from efop.historique.history import motifs_from

        from .history import motifs

        motifs_from(motifs)
