from django.apps import AppConfig


class SelectionsConfig(AppConfig):
    name = "efop.selections"
    verbose_name = "Sélections (étiquettes, requêtes enregistrées)"
