"""Resources in the changes feed: a new kind, and the triggers of the resources' tables."""

from django.db import migrations, models

from efop.api import changelog


def install(apps, schema_editor):
    changelog.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_statement_level_change_triggers"),
        ("ressources", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="change",
            name="kind",
            field=models.CharField(
                choices=[("formation", "Formation"), ("organisme", "Organisme"), ("ressource", "Ressource")],
                max_length=20,
            ),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
