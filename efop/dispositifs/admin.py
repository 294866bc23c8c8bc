from django.contrib import admin

from .models import Dispositif


@admin.register(Dispositif)
class DispositifAdmin(admin.ModelAdmin):
    list_display = ["nom", "niveau", "status", "debut", "fin", "updated_at"]
    list_filter = ["status", "niveau", "provenance"]
    search_fields = ["nom", "slug", "resume"]
    prepopulated_fields = {"slug": ["nom"]}
    filter_horizontal = ["metiers", "territoires", "etiquettes"]
    readonly_fields = ["cree_par", "created_at", "updated_at"]
