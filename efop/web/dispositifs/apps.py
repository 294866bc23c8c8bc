from django.apps import AppConfig


class DispositifsWebConfig(AppConfig):
    name = "efop.web.dispositifs"
    label = "dispositifs_web"
    verbose_name = "Dispositifs (pages)"
