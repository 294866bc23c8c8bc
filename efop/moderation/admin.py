from django.contrib import admin

from .models import Rappel, Soumission


class ReadOnlyAdmin(admin.ModelAdmin):
    """Decisions are taken on the moderation pages (efop.web.moderation), which notify organisations."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Soumission)
class SoumissionAdmin(ReadOnlyAdmin):
    list_display = ["formation", "organisme", "kind", "statut", "submitted_at", "decided_by", "decided_at"]
    list_filter = ["statut", "kind"]
    search_fields = ["formation__intitule"]
    date_hierarchy = "submitted_at"


@admin.register(Rappel)
class RappelAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "kind", "object_id", "organisme"]
    list_filter = ["kind"]
    date_hierarchy = "sent_at"
