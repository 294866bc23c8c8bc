from django.contrib import admin

from .models import CorrespondanceFormacode, Metier, MetierTension, Mobilite


class MobiliteInline(admin.TabularInline):
    model = Mobilite
    fk_name = "metier"
    fields = ["cible", "ordre", "removed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Metier)
class MetierAdmin(admin.ModelAdmin):
    list_display = ["rome", "riasec_majeur", "riasec_mineur", "version", "removed_at"]
    list_filter = ["riasec_majeur", "version"]
    search_fields = ["rome__code", "rome__libelle"]
    list_select_related = ["rome"]
    readonly_fields = ["rome", "version", "created_at", "updated_at", "removed_at"]
    inlines = [MobiliteInline]


@admin.register(CorrespondanceFormacode)
class CorrespondanceFormacodeAdmin(admin.ModelAdmin):
    list_display = ["code_rome", "formacode", "nb_certifications", "part", "removed_at"]
    search_fields = ["code_rome", "formacode"]
    readonly_fields = ["version", "created_at", "updated_at", "removed_at"]


@admin.register(MetierTension)
class MetierTensionAdmin(admin.ModelAdmin):
    list_display = ["rome", "region", "annee", "source", "code_fap", "en_tension"]
    list_filter = ["source", "annee", "en_tension", "region"]
    search_fields = ["rome__code", "rome__libelle", "code_fap"]
    autocomplete_fields = ["rome"]
    list_select_related = ["rome", "region"]
