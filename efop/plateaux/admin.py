from django.contrib import admin

from .models import ActionPlateau, PhotoPlateau, PlateauTechnique


class PhotoInline(admin.TabularInline):
    model = PhotoPlateau
    extra = 0


@admin.register(PlateauTechnique)
class PlateauTechniqueAdmin(admin.ModelAdmin):
    """Moderation decisions are taken on the moderation pages (efop.web.moderation), which notify
    the organisation; the admin is for corrections."""

    list_display = ["intitule", "organisme", "type", "adresse_ville", "mutualisable", "status", "updated_at"]
    list_filter = ["status", "type", "mutualisable", "adresse_departement"]
    search_fields = ["intitule", "organisme__raison_sociale", "organisme__siret", "adresse_ville"]
    raw_id_fields = ["organisme", "etablissement", "created_by"]
    readonly_fields = ["status", "submitted_at", "published_at", "created_at", "updated_at"]
    inlines = [PhotoInline]


@admin.register(ActionPlateau)
class ActionPlateauAdmin(admin.ModelAdmin):
    list_display = ["plateau", "action", "created_at"]
    raw_id_fields = ["plateau", "action"]
