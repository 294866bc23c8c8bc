"""PostgreSQL: the change-log triggers become statement-level (see efop.api.changelog); SQLite's are
re-created the same. Going back keeps the new triggers: they log exactly what the old ones did."""

from django.db import migrations

from efop.api import changelog


def install(apps, schema_editor):
    changelog.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("api", "0002_change_triggers")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
