from django.contrib import admin

from .models import Abonne, ElementVeille, EnvoiLettre, Lettre, PieceJointe, Ressource, SourceVeille, Theme


class PieceJointeInline(admin.TabularInline):
    model = PieceJointe
    extra = 0


@admin.register(Ressource)
class RessourceAdmin(admin.ModelAdmin):
    list_display = ["titre", "type", "status", "date", "debut"]
    list_filter = ["type", "status", "themes"]
    search_fields = ["titre", "resume"]
    autocomplete_fields = ["metiers", "territoires", "commune", "themes"]
    filter_horizontal = ["dispositifs"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    inlines = [PieceJointeInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["nom", "parent", "slug"]
    search_fields = ["nom"]


@admin.register(SourceVeille)
class SourceVeilleAdmin(admin.ModelAdmin):
    list_display = ["nom", "url", "is_active", "last_fetch_at", "last_error"]


@admin.register(ElementVeille)
class ElementVeilleAdmin(admin.ModelAdmin):
    list_display = ["titre", "source", "status", "date"]
    list_filter = ["status", "source"]


@admin.register(Abonne)
class AbonneAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "confirmed_at", "bounced_at"]
    list_filter = ["status"]
    search_fields = ["email"]


class EnvoiInline(admin.TabularInline):
    model = EnvoiLettre
    extra = 0
    readonly_fields = ["abonne", "status", "erreur", "sent_at"]


@admin.register(Lettre)
class LettreAdmin(admin.ModelAdmin):
    list_display = ["titre", "status", "sent_at"]
    inlines = [EnvoiInline]
