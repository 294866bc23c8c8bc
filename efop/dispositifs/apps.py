from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "efop.dispositifs"
    verbose_name = "Dispositifs"
