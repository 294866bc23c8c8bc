from django.apps import AppConfig


class MetiersConfig(AppConfig):
    name = "efop.metiers"
    verbose_name = "Métiers"
