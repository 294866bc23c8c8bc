from django.contrib import admin

from .models import Changement, Surcharge


@admin.register(Changement)
class ChangementAdmin(admin.ModelAdmin):
    list_display = ["at", "operation", "content_type", "libelle", "auteur", "run"]
    list_filter = ["operation", "content_type"]
    search_fields = ["libelle"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Surcharge)
class SurchargeAdmin(admin.ModelAdmin):
    list_display = ["content_type", "object_id", "champ", "valeur", "valeur_source", "auteur", "at"]
    list_filter = ["content_type", "champ"]
