"""Back office: API consumers (the key is shown once, at creation or renewal) and their daily usage."""

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Sum
from django.utils import timezone

from .models import Consommateur, Usage


class UsageInline(admin.TabularInline):
    model = Usage
    fields = ["jour", "requetes"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-jour"]


@admin.register(Consommateur)
class ConsommateurAdmin(admin.ModelAdmin):
    list_display = [
        "nom",
        "key_prefix",
        "is_active",
        "limite_par_minute",
        "requetes_du_jour",
        "requetes_30_jours",
    ]
    list_filter = ["is_active"]
    search_fields = ["nom", "contact", "key_prefix"]
    readonly_fields = ["key_prefix", "created_at"]
    inlines = [UsageInline]
    actions = ["renew_key"]

    def _show_key(self, request, consommateur: Consommateur, key: str) -> None:
        messages.warning(
            request,
            f"Clé d'API de « {consommateur} » : {key} — copiez-la maintenant, elle ne sera plus affichée.",
        )

    def save_model(self, request, obj, form, change):
        key = obj.new_key() if not change else None
        super().save_model(request, obj, form, change)
        if key:
            self._show_key(request, obj, key)

    @admin.action(description="Générer une nouvelle clé (l'ancienne cesse de fonctionner)")
    def renew_key(self, request, queryset):
        for consommateur in queryset:
            key = consommateur.new_key()
            consommateur.save(update_fields=["key_prefix", "key_hash"])
            self._show_key(request, consommateur, key)

    @admin.display(description="requêtes aujourd'hui")
    def requetes_du_jour(self, obj):
        return obj.usages.filter(jour=timezone.localdate()).aggregate(total=Sum("requetes"))["total"] or 0

    @admin.display(description="requêtes sur 30 jours")
    def requetes_30_jours(self, obj):
        since = timezone.localdate() - timedelta(days=30)
        return obj.usages.filter(jour__gte=since).aggregate(total=Sum("requetes"))["total"] or 0
