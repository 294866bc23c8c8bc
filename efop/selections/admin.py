from django.contrib import admin

from . import services
from .models import Etiquetage, Etiquette, RequeteSauvegardee


@admin.register(Etiquette)
class EtiquetteAdmin(admin.ModelAdmin):
    list_display = ["libelle", "code", "updated_at"]
    search_fields = ["libelle", "code"]

    def delete_model(self, request, obj):
        services.supprimer_etiquette(obj)  # each tag removed is recorded on its formation

    def delete_queryset(self, request, queryset):
        for etiquette in queryset:
            services.supprimer_etiquette(etiquette)


@admin.register(RequeteSauvegardee)
class RequeteSauvegardeeAdmin(admin.ModelAdmin):
    list_display = ["nom", "code", "etiquette", "updated_at"]
    search_fields = ["nom", "code"]

    def delete_model(self, request, obj):
        services.supprimer_requete(obj)

    def delete_queryset(self, request, queryset):
        for requete in queryset:
            services.supprimer_requete(requete)


@admin.register(Etiquetage)
class EtiquetageAdmin(admin.ModelAdmin):
    """Read-only: tags are put and removed through the back office (/selections/) or
    `efop export etiqueter`, which record each one in the formation's history."""

    list_display = ["etiquette", "formation", "origine", "requete", "auteur", "created_at"]
    list_filter = ["origine", "etiquette"]
    raw_id_fields = ["formation", "requete"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
