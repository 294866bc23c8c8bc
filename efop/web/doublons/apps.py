from django.apps import AppConfig


class DoublonsWebConfig(AppConfig):
    name = "efop.web.doublons"
    label = "doublons_web"
    verbose_name = "Doublons (pages)"
