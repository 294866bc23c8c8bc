from django.contrib import admin

from .models import Doublon, Fusion


@admin.register(Doublon)
class DoublonAdmin(admin.ModelAdmin):
    list_display = ("type", "premier_id", "second_id", "score", "statut", "detected_at", "decided_by")
    list_filter = ("type", "statut")
    search_fields = ("=premier_id", "=second_id")
    readonly_fields = [field.name for field in Doublon._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Fusion)
class FusionAdmin(admin.ModelAdmin):
    list_display = ("type", "ancien_id", "ancienne_cle", "conserve_id", "auteur", "at")
    list_filter = ("type",)
    search_fields = ("=ancien_id", "=conserve_id", "ancienne_cle")
    readonly_fields = [field.name for field in Fusion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
