from django.contrib import admin

from .models import Organisme


@admin.register(Organisme)
class OrganismeAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "siret",
        "numero_activite",
        "code_uai",
        "adresse_codepostal",
        "adresse_ville",
        "identification",
        "source",
        "updated_at",
    )
    list_filter = ("identification", "source")
    search_fields = ("raison_sociale", "nom_organisme", "=siret", "=numero_activite", "=code_uai", "cle")
    readonly_fields = (
        "cle",
        "identification",
        "source",
        "siret_brut",
        "numero_activite_brut",
        "created_at",
        "updated_at",
    )
    list_select_related = ("source",)
