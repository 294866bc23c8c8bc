from django.apps import AppConfig


class QualiteConfig(AppConfig):
    name = "efop.qualite"
    verbose_name = "Qualité"
