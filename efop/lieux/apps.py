from django.apps import AppConfig


class LieuxConfig(AppConfig):
    name = "efop.lieux"
    verbose_name = "Lieux d'information"
