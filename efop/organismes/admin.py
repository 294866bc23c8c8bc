from django.contrib import admin

from .annuaire import admin as annuaire_admin  # noqa: F401 (registers the directory's admin)
from .models import Delegation, Etablissement, Organisme


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
        "etat_sirene",
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
    list_select_related = ("source", "etablissement_annuaire")

    @admin.display(description="SIRENE")
    def etat_sirene(self, organisme):
        """The établissement's state in the directory ("—" when its SIRET is not there)."""
        etablissement = organisme.etablissement_sirene
        return etablissement.get_etat_display() if etablissement else "—"


@admin.register(Etablissement)
class EtablissementAdmin(admin.ModelAdmin):
    list_display = ("siret", "nom", "organisme", "siege")
    search_fields = ("=siret", "nom", "organisme__raison_sociale")
    autocomplete_fields = ("organisme",)


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ("responsable", "formateur", "peut_modifier")
    autocomplete_fields = ("responsable", "formateur")
