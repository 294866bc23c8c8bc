from django.apps import AppConfig


class PlateauxConfig(AppConfig):
    name = "efop.plateaux"
    verbose_name = "Plateaux techniques"
