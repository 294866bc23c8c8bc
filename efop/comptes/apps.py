from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "efop.comptes"
    verbose_name = "Comptes"
