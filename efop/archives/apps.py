from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "efop.archives"
    verbose_name = "Archive de l'offre"

    def ready(self):
        from . import signals

        signals.connect()
