from django.apps import AppConfig


class LieuxWebConfig(AppConfig):
    name = "efop.web.lieux"
    label = "lieux_web"
    verbose_name = "Lieux d'information (pages)"
