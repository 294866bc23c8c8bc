from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "efop.api"
    verbose_name = "API et consommateurs"
