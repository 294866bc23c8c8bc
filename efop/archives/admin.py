import json

from django.contrib import admin

from .models import CritereVersion, Millesime, SourceFormationInitiale, VersionFormation


class CritereInline(admin.TabularInline):
    model = CritereVersion
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "valeur"]


@admin.register(VersionFormation)
class VersionFormationAdmin(admin.ModelAdmin):
    """Read only: versions are written by efop.archives.services. Staff query them at /archives/."""

    list_display = ["intitule", "source_code", "numero", "diffusee", "valid_from", "valid_to", "motif"]
    list_filter = ["source_code", "diffusee", "motif"]
    search_fields = ["intitule", "numero", "cle", "responsable_siret"]
    date_hierarchy = "valid_from"
    inlines = [CritereInline]
    exclude = ["arbre"]

    def get_readonly_fields(self, request, obj=None):
        return [
            field.name if field.name != "arbre" else "arbre_lheo" for field in VersionFormation._meta.fields
        ]

    @admin.display(description="arbre LHEO")
    def arbre_lheo(self, version):
        return json.dumps(version.arbre, ensure_ascii=False, indent=2)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SourceFormationInitiale)
class SourceFormationInitialeAdmin(admin.ModelAdmin):
    list_display = ["source", "created_at"]
    autocomplete_fields = ["source"]


@admin.register(Millesime)
class MillesimeAdmin(admin.ModelAdmin):
    list_display = ["source", "annee", "nombre", "fige_le"]
    list_filter = ["source", "annee"]
    readonly_fields = ["source", "annee", "nombre", "fige_le"]
    exclude = ["versions"]

    def has_add_permission(self, request):
        return False
