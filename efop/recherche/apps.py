from django.apps import AppConfig


class RechercheConfig(AppConfig):
    name = "efop.recherche"
    verbose_name = "Recherche"

    def ready(self):
        from . import signals

        signals.connect()
