from django.apps import AppConfig


class ArchivesWebConfig(AppConfig):
    name = "efop.web.archives"
    label = "archives_web"
    verbose_name = "Archive de l'offre (pages)"
