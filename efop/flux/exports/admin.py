"""Admin of export profiles, subscriptions, deliveries and pickups (the staff pages are /exports/)."""

from django.contrib import admin

from .models import Abonnement, FichierLivraison, Livraison, ProfilExport, Retrait


class AbonnementInline(admin.TabularInline):
    model = Abonnement
    extra = 0
    autocomplete_fields = ["consommateur"]


@admin.register(ProfilExport)
class ProfilExportAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "mode", "schedule", "next_run_at", "is_active"]
    list_filter = ["mode", "is_active"]
    search_fields = ["code", "nom"]
    inlines = [AbonnementInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FichierInline(admin.TabularInline):
    model = FichierLivraison
    extra = 0
    readonly_fields = ["format", "nom", "taille", "sha256"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Livraison)
class LivraisonAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "abonnement", "mode", "status", "formations", "retraits", "acquittee_at"]
    list_filter = ["status", "mode", "abonnement__profil"]
    date_hierarchy = "created_at"
    inlines = [FichierInline]


@admin.register(Retrait)
class RetraitAdmin(ReadOnlyAdmin):
    list_display = ["at", "consommateur", "fichier", "ip"]
    list_filter = ["consommateur"]
    date_hierarchy = "at"
