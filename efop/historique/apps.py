from django.apps import AppConfig


class HistoriqueConfig(AppConfig):
    name = "efop.historique"
    verbose_name = "Historique"

    def ready(self):
        from . import signals

        signals.connect()
