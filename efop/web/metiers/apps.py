from django.apps import AppConfig


class MetiersWebConfig(AppConfig):
    name = "efop.web.metiers"
    label = "metiers_web"
    verbose_name = "Pages métiers"
