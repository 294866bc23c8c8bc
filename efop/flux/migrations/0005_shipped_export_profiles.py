"""The export profiles efop ships: Offre Info, FORPRO, open data, EDOF (efop.flux.exports.profils)."""

from django.db import migrations

from efop.flux.exports import profils


def install(apps, schema_editor):
    profils.install(apps.get_model("flux", "ProfilExport"), apps.get_model("selections", "RequeteSauvegardee"))


class Migration(migrations.Migration):
    dependencies = [
        ("flux", "0004_export_profiles"),
        ("selections", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
