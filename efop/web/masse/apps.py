from django.apps import AppConfig


class MasseWebConfig(AppConfig):
    name = "efop.web.masse"
    label = "masse_web"
    verbose_name = "Modifications en masse (pages)"
