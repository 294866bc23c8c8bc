"""Formation.bloquee_qualite. SQLite adds a NOT NULL column by rebuilding the table, which the
change-log triggers (efop.api.changelog) that name it would break: they are dropped around the
change and re-created after it."""

from django.db import migrations, models

from efop.api import changelog


def install(apps, schema_editor):
    changelog.install(schema_editor)


def uninstall(apps, schema_editor):
    changelog.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("offre", "0004_action_version_de_formation_version_de_and_more"),
        ("api", "0003_statement_level_change_triggers"),
    ]

    operations = [
        migrations.RunPython(uninstall, install),
        migrations.AddField(
            model_name="formation",
            name="bloquee_qualite",
            field=models.BooleanField(
                db_index=True,
                default=False,
                help_text="Un contrôle bloquant sans dérogation la tient hors de la diffusion publique.",
                verbose_name="bloquée par un contrôle qualité",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
