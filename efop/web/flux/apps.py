from django.apps import AppConfig


class FluxWebConfig(AppConfig):
    name = "efop.web.flux"
    label = "flux_web"
    verbose_name = "Flux partenaires (pages)"
