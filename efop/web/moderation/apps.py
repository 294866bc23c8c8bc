from django.apps import AppConfig


class ModerationWebConfig(AppConfig):
    name = "efop.web.moderation"
    label = "moderation_web"
    verbose_name = "Modération (pages)"
