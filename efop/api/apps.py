from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class ApiConfig(AppConfig):
    name = "efop.api"
    verbose_name = "API et consommateurs"

    def ready(self):
        post_migrate.connect(reinstall_change_triggers, sender=self)


def reinstall_change_triggers(using, plan=None, **kwargs):
    """SQLite re-creates a table to alter it (a migration adding a column to the sources or the
    organisations), which drops its triggers: after every migrate that applied something, the
    change-log triggers are installed again (idempotent; `flush` sends no plan)."""
    if plan:
        from . import changelog

        with connections[using].schema_editor() as schema_editor:
            changelog.install(schema_editor)
