from django.apps import AppConfig


class MasseConfig(AppConfig):
    name = "efop.masse"
    verbose_name = "Modifications en masse"
