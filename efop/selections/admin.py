from django.contrib import admin

from .models import Etiquetage, Etiquette, RequeteSauvegardee


@admin.register(Etiquette)
class EtiquetteAdmin(admin.ModelAdmin):
    list_display = ["libelle", "code", "updated_at"]
    search_fields = ["libelle", "code"]


@admin.register(RequeteSauvegardee)
class RequeteSauvegardeeAdmin(admin.ModelAdmin):
    list_display = ["nom", "code", "etiquette", "updated_at"]
    search_fields = ["nom", "code"]


@admin.register(Etiquetage)
class EtiquetageAdmin(admin.ModelAdmin):
    list_display = ["etiquette", "formation", "origine", "created_at"]
    list_filter = ["origine", "etiquette"]
    raw_id_fields = ["formation", "requete"]
