"""The directory in the admin: searchable by name, SIREN, SIRET, NDA or UAI in one box. What the
official files load is read-only; staff add contacts."""

from django.contrib import admin

from .models import (
    CertificatQualiopi,
    Chargement,
    CodeUai,
    ContactAnnuaire,
    DeclarationActivite,
    EtablissementAnnuaire,
    UniteLegale,
)


class ChargeAdmin(admin.ModelAdmin):
    """Records written by the loaders only (`efop annuaire load-…`)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChargeInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EtablissementInline(ChargeInline):
    model = EtablissementAnnuaire
    fields = ("siret", "siege", "etat", "date_debut", "adresse", "code_postal", "ville", "retire_le")


class DeclarationInline(ChargeInline):
    model = DeclarationActivite
    fields = ("numero", "siret_declarant", "denomination", "date_derniere_declaration", "retire_le")


class CodeUaiInline(ChargeInline):
    model = CodeUai
    fields = ("uai", "siret", "patronyme", "ville", "retire_le")


class ContactInline(admin.TabularInline):
    model = ContactAnnuaire
    extra = 0
    fields = ("nom", "fonction", "courriel", "telephone", "etablissement")
    raw_id_fields = ("etablissement",)


class CertificatInline(ChargeInline):
    model = CertificatQualiopi
    fields = ("categorie", "date_debut", "date_fin", "chargement_debut", "chargement_fin")


@admin.register(UniteLegale)
class UniteLegaleAdmin(admin.ModelAdmin):
    list_display = ("siren", "denomination", "categorie", "updated_at")
    list_filter = ("categorie",)
    search_fields = ("siren",)  # see get_search_results
    search_help_text = "Nom, SIREN, SIRET, NDA ou UAI (les espaces sont ignorés)."
    readonly_fields = ("siren", "denomination", "categorie", "chargement", "created_at", "updated_at")
    inlines = (EtablissementInline, DeclarationInline, CodeUaiInline, ContactInline)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=UniteLegale.objects.recherche(search_term).values("pk")), False


@admin.register(EtablissementAnnuaire)
class EtablissementAnnuaireAdmin(ChargeAdmin):
    list_display = ("siret", "__str__", "etat", "siege", "code_postal", "ville", "retire_le")
    list_filter = ("etat", "siege")
    search_fields = ("=siret", "denomination", "enseigne", "unite_legale__denomination")
    list_select_related = ("unite_legale",)


@admin.register(DeclarationActivite)
class DeclarationActiviteAdmin(ChargeAdmin):
    list_display = ("numero", "denomination", "siret_declarant", "code_region", "retire_le")
    list_filter = ("code_region",)
    search_fields = ("=numero", "denomination", "=siret_declarant", "=unite_legale__siren")
    inlines = (CertificatInline,)


@admin.register(CertificatQualiopi)
class CertificatQualiopiAdmin(ChargeAdmin):
    list_display = ("declaration", "categorie", "date_debut", "date_fin")
    list_filter = ("categorie",)
    search_fields = ("=declaration__numero", "declaration__denomination")
    list_select_related = ("declaration",)


@admin.register(CodeUai)
class CodeUaiAdmin(ChargeAdmin):
    list_display = ("uai", "patronyme", "siret", "code_postal", "ville", "retire_le")
    list_filter = ("nature", "secteur")
    search_fields = ("=uai", "patronyme", "denomination", "=siret")


@admin.register(Chargement)
class ChargementAdmin(ChargeAdmin):
    list_display = (
        "started_at",
        "type",
        "fichier",
        "date_donnees",
        "lignes",
        "ajoutes",
        "modifies",
        "retires",
    )
    list_filter = ("type",)
