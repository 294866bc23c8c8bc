from django.contrib import admin

from .models import ChangementMasse, ModificationMasse


class ChangementMasseInline(admin.TabularInline):
    model = ChangementMasse
    fields = ("libelle", "champs", "changement")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(ModificationMasse)
class ModificationMasseAdmin(admin.ModelAdmin):
    list_display = ("created_at", "operation", "raison", "auteur", "etat", "nb_changements")
    list_filter = ("etat", "operation")
    search_fields = ("raison",)
    readonly_fields = [f.name for f in ModificationMasse._meta.fields]
    inlines = [ChangementMasseInline]

    def has_add_permission(self, request):
        return False  # made from the staff pages or `efop export masse`, previewed first
