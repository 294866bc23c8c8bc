from django.apps import AppConfig


class EspaceConfig(AppConfig):
    name = "efop.web.espace"
    label = "espace"
    verbose_name = "Espace des organismes"
