from django.apps import AppConfig


class FluxConfig(AppConfig):
    name = "efop.flux"
    verbose_name = "Flux et exécutions"
