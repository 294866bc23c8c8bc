from django.db import migrations

from efop.api import changelog


def install(apps, schema_editor):
    changelog.install(schema_editor)


def uninstall(apps, schema_editor):
    changelog.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("offre", "0003_alter_action_created_at_alter_formation_created_at_and_more"),
        ("organismes", "0001_initial"),
        ("flux", "0002_run_kind_referentiels"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
