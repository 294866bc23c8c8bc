"""Staff browse and search every référentiel; records come from the files, so the admin is read-only
(except the Region's employment territories, which staff manage)."""

from django.contrib import admin
from django.db.models import Count

from . import models


class RemovedFilter(admin.SimpleListFilter):
    title = "présence dans les fichiers"
    parameter_name = "retire"

    def lookups(self, request, model_admin):
        return [("non", "Présent"), ("oui", "Retiré")]

    def queryset(self, request, queryset):
        return {"non": queryset.active, "oui": queryset.removed}.get(self.value(), queryset.all)()


class ReferentielAdmin(admin.ModelAdmin):
    list_display = ["code", "libelle", "version", "removed_at"]
    search_fields = ["code", "libelle"]
    list_filter = ["version", RemovedFilter]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Region, models.ZoneEmploi, models.BassinEmploi)
class DecoupageAdmin(ReferentielAdmin):
    list_display = ["code", "nom", "version", "removed_at"]
    search_fields = ["code", "nom"]


@admin.register(models.Departement)
class DepartementAdmin(DecoupageAdmin):
    list_display = ["code", "nom", "region", "removed_at"]
    list_filter = ["region", RemovedFilter]
    list_select_related = ["region"]


@admin.register(models.Epci)
class EpciAdmin(DecoupageAdmin):
    list_display = ["code", "nom", "type", "removed_at"]
    list_filter = ["type", RemovedFilter]


@admin.register(models.Commune)
class CommuneAdmin(ReferentielAdmin):
    list_display = [
        "code_insee",
        "nom",
        "codes_postaux",
        "departement",
        "epci",
        "zone_emploi",
        "bassin_emploi",
        "population",
        "removed_at",
    ]
    search_fields = ["code_insee", "nom", "codes_postaux", "epci__nom"]
    list_filter = ["region", "departement", "type", RemovedFilter]
    list_select_related = ["departement", "epci", "zone_emploi", "bassin_emploi"]


@admin.register(models.Formacode)
class FormacodeAdmin(ReferentielAdmin):
    list_display = ["code", "libelle", "type", "version", "removed_at"]
    list_filter = ["type", "version", RemovedFilter]


@admin.register(models.Nsf, models.Fap)
class HierarchieAdmin(ReferentielAdmin):
    list_display = ["code", "libelle", "niveau", "parent", "removed_at"]
    list_filter = ["niveau", RemovedFilter]
    list_select_related = ["parent"]


@admin.register(models.GrandDomaine)
class GrandDomaineAdmin(ReferentielAdmin):
    pass


@admin.register(models.DomaineProfessionnel)
class DomaineProfessionnelAdmin(ReferentielAdmin):
    list_display = ["code", "libelle", "grand_domaine", "removed_at"]
    list_filter = ["grand_domaine", RemovedFilter]
    list_select_related = ["grand_domaine"]


class AppellationInline(admin.TabularInline):
    model = models.Appellation
    fields = ["code_ogr", "libelle", "principale", "removed_at"]
    extra = 0


@admin.register(models.Rome)
class RomeAdmin(ReferentielAdmin):
    list_display = ["code", "libelle", "domaine", "parent", "emploi_cadre", "version", "removed_at"]
    search_fields = ["code", "libelle", "appellations__libelle", "appellations__code_ogr"]
    list_filter = ["domaine__grand_domaine", "emploi_reglemente", "emploi_cadre", "version", RemovedFilter]
    list_select_related = ["domaine", "parent"]
    inlines = [AppellationInline]


@admin.register(models.Appellation)
class AppellationAdmin(ReferentielAdmin):
    list_display = ["code_ogr", "libelle", "rome", "principale", "version", "removed_at"]
    search_fields = ["code_ogr", "libelle", "rome__code"]
    list_filter = ["principale", "rome__domaine__grand_domaine", RemovedFilter]
    list_select_related = ["rome"]


@admin.register(models.Certification)
class CertificationAdmin(ReferentielAdmin):
    list_display = [
        "code",
        "intitule",
        "type",
        "niveau",
        "actif",
        "date_fin_validite",
        "version",
        "removed_at",
    ]
    search_fields = ["code", "intitule", "formacodes__code", "romes__code"]
    list_filter = ["type", "niveau", "actif", "version", RemovedFilter]


@admin.register(models.Diplome)
class DiplomeAdmin(ReferentielAdmin):
    list_display = ["code", "libelle", "libelle_court", "niveau", "nsf", "date_fermeture", "removed_at"]
    list_filter = ["niveau", RemovedFilter]
    search_fields = ["code", "libelle", "libelle_court"]
    list_select_related = ["nsf"]


class LheoCodeInline(admin.TabularInline):
    model = models.LheoCode
    fields = ["code", "libelle", "removed_at"]
    extra = 0


@admin.register(models.LheoDictionnaire)
class LheoDictionnaireAdmin(ReferentielAdmin):
    list_display = ["nom", "libelle", "version", "removed_at"]
    search_fields = ["nom", "libelle"]
    inlines = [LheoCodeInline]


@admin.register(models.LheoCode)
class LheoCodeAdmin(ReferentielAdmin):
    list_display = ["code", "libelle", "dictionnaire", "version", "removed_at"]
    list_filter = ["version", "dictionnaire__nom", RemovedFilter]
    list_select_related = ["dictionnaire"]


@admin.register(models.Territoire)
class TerritoireAdmin(admin.ModelAdmin):
    """Employment territories are the Region's own: staff create and edit them."""

    list_display = ["code", "nom", "commune_count", "updated_at"]
    search_fields = ["code", "nom"]
    autocomplete_fields = ["communes"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commune_count=Count("communes"))

    @admin.display(description="communes", ordering="commune_count")
    def commune_count(self, obj):
        return obj.commune_count
