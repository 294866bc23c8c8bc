from django.apps import AppConfig


class TransfertConfig(AppConfig):
    name = "efop.transfert"
    verbose_name = "Migration : export complet et chargement"
