from django.apps import AppConfig


class ReferentielsConfig(AppConfig):
    name = "efop.referentiels"
