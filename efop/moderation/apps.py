from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "efop.moderation"
    verbose_name = "Modération"
