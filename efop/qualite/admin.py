from django.contrib import admin

from .models import ControleRun, Derogation, EnvoiRapport, Resultat


@admin.register(Resultat)
class ResultatAdmin(admin.ModelAdmin):
    list_display = ("rule", "level", "record_type", "record_id", "source", "field", "value", "created_at")
    list_filter = ("level", "record_type", "source", "rule")
    search_fields = ("=rule", "=record_id", "value", "message")
    readonly_fields = [field.name for field in Resultat._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Derogation)
class DerogationAdmin(admin.ModelAdmin):
    list_display = ("rule", "record_type", "record_id", "motif", "created_by", "created_at")
    list_filter = ("record_type", "rule")
    search_fields = ("=rule", "=record_id", "motif")
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the runs and the report pages, only read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ControleRun)
class ControleRunAdmin(ReadOnlyAdmin):
    list_display = (
        "started_at",
        "declencheur",
        "etat",
        "complet",
        "source",
        "formations",
        "created",
        "deleted",
    )
    list_filter = ("declencheur", "etat", "complet")


@admin.register(EnvoiRapport)
class EnvoiRapportAdmin(ReadOnlyAdmin):
    list_display = ("envoye_le", "organisme", "source", "constats", "envoye_par")
    search_fields = ("organisme__raison_sociale", "source__code")
