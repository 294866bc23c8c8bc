"""The changes feed carries the lieux d'information: a new kind, and the triggers on their table."""

from django.db import migrations, models

from efop.api import changelog


def install(apps, schema_editor):
    changelog.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0004_change_kind_ressource"),
        ("lieux", "0002_annuaire"),
    ]

    operations = [
        migrations.AlterField(
            model_name="change",
            name="kind",
            field=models.CharField(
                choices=[
                    ("formation", "Formation"),
                    ("organisme", "Organisme"),
                    ("ressource", "Ressource"),
                    ("lieu", "Lieu d'information"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
