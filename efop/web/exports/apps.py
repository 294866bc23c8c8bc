from django.apps import AppConfig


class ExportsWebConfig(AppConfig):
    name = "efop.web.exports"
    label = "exports_web"
    verbose_name = "Profils d'export (pages)"
