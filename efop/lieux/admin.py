from django.contrib import admin

from .models import LieuInformation


@admin.register(LieuInformation)
class LieuInformationAdmin(admin.ModelAdmin):
    """Staff work on the back office pages (/gestion/lieux/); the admin is for corrections."""

    list_display = ["nom", "reseau", "commune", "status", "verifie_le", "updated_at"]
    list_filter = ["status", "reseau", "provenance", "commune__departement"]
    search_fields = ["nom", "slug", "commune__nom", "code_postal"]
    raw_id_fields = ["commune"]
    readonly_fields = ["created_at", "updated_at"]
