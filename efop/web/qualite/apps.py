from django.apps import AppConfig


class QualiteWebConfig(AppConfig):
    name = "efop.web.qualite"
    label = "qualite_web"
    verbose_name = "Qualité (pages)"
