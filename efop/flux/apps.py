from django.apps import AppConfig


class FluxConfig(AppConfig):
    name = "efop.flux"
