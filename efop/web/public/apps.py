from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "efop.web.public"
    label = "public"
    verbose_name = "Site public"
