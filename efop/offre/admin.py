from django.contrib import admin

from .models import (
    Action,
    ActionFormateur,
    Certification,
    Contact,
    Financeur,
    Formation,
    FormationCode,
    LieuFormation,
    Session,
)

RAW = ("lheo_extra",)


class ReadOnlyRawMixin:
    """The residue of the LHEO element is shown, never edited by hand."""

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *RAW)


class CompactInline(ReadOnlyRawMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


class FormationCodeInline(CompactInline):
    model = FormationCode
    fields = ("kind", "code", "ref", "principal", "position")


class CertificationInline(CompactInline):
    model = Certification
    fields = ("code_rncp", "code_rs", "code_certifinfo", "code_cpf", "reference_code_formacode", "position")


class ActionInline(CompactInline):
    model = Action
    fields = ("cle", "numero", "modalites_enseignement", "prix_total_ttc", "nombre_heures_total", "position")
    readonly_fields = fields


class SessionInline(CompactInline):
    model = Session
    fields = (
        "cle",
        "numero",
        "debut",
        "debut_precision",
        "fin",
        "fin_precision",
        "etat_recrutement",
        "adresse_inscription_ville",
    )
    readonly_fields = fields


class LieuFormationInline(CompactInline):
    model = LieuFormation
    fields = ("principal", "nom", "adresse_codepostal", "adresse_ville", "siret", "code_uai", "position")


class ActionFormateurInline(CompactInline):
    model = ActionFormateur
    fields = ("organisme", "raison_sociale", "code_uai", "position")
    autocomplete_fields = ("organisme",)


class FinanceurInline(CompactInline):
    model = Financeur
    fields = ("code_financeur", "nb_places_financees", "position")


@admin.register(Formation)
class FormationAdmin(ReadOnlyRawMixin, admin.ModelAdmin):
    list_display = (
        "intitule",
        "cle",
        "source",
        "status",
        "responsable",
        "code_niveau_sortie",
        "datemaj",
        "updated_at",
    )
    list_filter = ("status", "source", "certifiante", "code_niveau_sortie", "lheo_version")
    search_fields = (
        "intitule",
        "=cle",
        "=numero",
        "responsable__raison_sociale",
        "=responsable__siret",
        "codes__code",
        "certifications__code_rncp",
    )
    autocomplete_fields = ("responsable",)
    readonly_fields = ("source", "cle", "digest", "lheo_version", "withdrawn_at", "created_at", "updated_at")
    date_hierarchy = "updated_at"
    list_select_related = ("source", "responsable")
    inlines = (FormationCodeInline, CertificationInline, ActionInline)


@admin.register(Action)
class ActionAdmin(ReadOnlyRawMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "numero",
        "modalites_enseignement",
        "prix_total_ttc",
        "nombre_heures_total",
        "updated_at",
    )
    list_filter = ("modalites_enseignement", "conventionnement", "formation__source")
    search_fields = ("=cle", "=numero", "formation__intitule", "=formation__cle")
    raw_id_fields = ("formation",)
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("formation",)
    inlines = (SessionInline, LieuFormationInline, ActionFormateurInline, FinanceurInline)


@admin.register(Session)
class SessionAdmin(ReadOnlyRawMixin, admin.ModelAdmin):
    list_display = ("__str__", "action", "debut", "fin", "etat_recrutement", "adresse_inscription_ville")
    list_filter = ("etat_recrutement", "debut_precision", "action__formation__source")
    search_fields = ("=cle", "=numero", "action__formation__intitule", "adresse_inscription_ville")
    raw_id_fields = ("action",)
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "debut"
    list_select_related = ("action__formation",)


@admin.register(Contact)
class ContactAdmin(ReadOnlyRawMixin, admin.ModelAdmin):
    list_display = ("__str__", "role", "type_contact", "courriel", "adresse_ville", "formation")
    list_filter = ("role", "type_contact")
    search_fields = ("nom", "prenom", "courriel", "formation__intitule")
    raw_id_fields = ("formation", "session", "formateur")
    list_select_related = ("formation",)


@admin.register(LieuFormation)
class LieuFormationAdmin(ReadOnlyRawMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "principal",
        "siret",
        "code_uai",
        "adresse_codepostal",
        "adresse_ville",
        "action",
    )
    list_filter = ("principal", "adresse_departement")
    search_fields = ("nom", "adresse_ville", "=adresse_codepostal", "=adresse_code_insee_commune", "=siret")
    raw_id_fields = ("action",)
    list_select_related = ("action__formation",)


@admin.register(ActionFormateur)
class ActionFormateurAdmin(ReadOnlyRawMixin, admin.ModelAdmin):
    list_display = ("__str__", "organisme", "action")
    search_fields = ("raison_sociale", "organisme__raison_sociale", "=organisme__siret")
    raw_id_fields = ("action",)
    autocomplete_fields = ("organisme",)
    list_select_related = ("organisme", "action__formation")


@admin.register(Financeur)
class FinanceurAdmin(ReadOnlyRawMixin, admin.ModelAdmin):
    list_display = ("__str__", "nb_places_financees", "action")
    list_filter = ("code_financeur",)
    search_fields = ("=code_financeur", "action__formation__intitule")
    raw_id_fields = ("action",)
    list_select_related = ("action__formation",)


@admin.register(FormationCode)
class FormationCodeAdmin(ReadOnlyRawMixin, admin.ModelAdmin):
    list_display = ("__str__", "ref", "principal", "formation")
    list_filter = ("kind", "ref", "principal")
    search_fields = ("=code", "formation__intitule")
    raw_id_fields = ("formation",)
    list_select_related = ("formation",)


@admin.register(Certification)
class CertificationAdmin(ReadOnlyRawMixin, admin.ModelAdmin):
    list_display = ("__str__", "formation")
    search_fields = ("=code_rncp", "=code_rs", "=code_certifinfo", "=code_cpf", "formation__intitule")
    raw_id_fields = ("formation",)
    list_select_related = ("formation",)
