from django.apps import AppConfig


class WebRessourcesConfig(AppConfig):
    name = "efop.web.ressources"
    label = "web_ressources"
    verbose_name = "Pages des ressources et de l'agenda"
