"""The change-log triggers of /api/v1/changes on the dispositifs table (see efop.api.changelog)."""

from django.db import migrations

from efop.api import changelog


def install(apps, schema_editor):
    changelog.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("dispositifs", "0002_criteres_et_fiche"),
        ("api", "0003_statement_level_change_triggers"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
