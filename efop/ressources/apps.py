from django.apps import AppConfig


class RessourcesConfig(AppConfig):
    name = "efop.ressources"
    verbose_name = "Ressources, agenda et lettre d'information"
