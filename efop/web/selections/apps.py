from django.apps import AppConfig


class SelectionsWebConfig(AppConfig):
    name = "efop.web.selections"
    label = "selections_web"
    verbose_name = "Sélections (pages)"
