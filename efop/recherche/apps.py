from django.apps import AppConfig


class RechercheConfig(AppConfig):
    name = "efop.recherche"
    verbose_name = "Recherche"
