from django.contrib import admin

from .models import ImportRun, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "created_at"]
    search_fields = ["code", "nom"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "kind", "source", "file_name", "lheo_version", "status", "summary"]
    list_filter = ["kind", "status", "source", "lheo_version"]
    search_fields = ["file_name", "file_sha256", "error"]
    date_hierarchy = "started_at"
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="compteurs")
    def summary(self, run: ImportRun) -> str:
        return ", ".join(f"{value} {key}" for key, value in run.counts.items())
