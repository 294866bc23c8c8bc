from django.apps import AppConfig


class OffreConfig(AppConfig):
    name = "efop.offre"
