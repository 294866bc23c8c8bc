from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .models import ImportRun, Source

PROBLEMS_HEADER = mark_safe(
    "<tr><th>gravité</th><th>formation</th><th>chemin</th><th>valeur</th>"
    "<th>problème</th><th>que faire</th></tr>"
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    """The full staff pages of sources are at /flux/ (efop.web.flux)."""

    list_display = ["code", "nom", "format", "location_kind", "schedule", "next_run_at", "is_active"]
    list_filter = ["format", "location_kind", "is_active"]
    search_fields = ["code", "nom"]
    autocomplete_fields = ["organisme"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "kind", "source", "file_name", "lheo_version", "status", "summary"]
    list_filter = ["kind", "status", "source", "lheo_version"]
    search_fields = ["file_name", "file_sha256", "error"]
    date_hierarchy = "started_at"
    readonly_fields = [field.name for field in ImportRun._meta.fields if field.name != "problems"]
    readonly_fields += ["problems_table"]
    exclude = ["problems"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="compteurs")
    def summary(self, run: ImportRun) -> str:
        return "; ".join(f"{key} : {value}" for key, value in run.counts.items())

    @admin.display(description="problèmes")
    def problems_table(self, run: ImportRun) -> str:
        if not run.problems:
            return "Aucun"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    p.get("severity"),
                    p.get("formation_numero") or "",
                    p.get("path"),
                    p.get("value") or "",
                    p.get("message"),
                    p.get("hint"),
                )
                for p in run.problems
            ),
        )
        return format_html("<table>{}{}</table>", PROBLEMS_HEADER, rows)


from .exports import admin as exports_admin  # noqa: E402, F401  (export profiles' admin)
