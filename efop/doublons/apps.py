from django.apps import AppConfig


class DoublonsConfig(AppConfig):
    name = "efop.doublons"
    verbose_name = "Doublons"
