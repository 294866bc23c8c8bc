"""The changes feed carries the jobs and the schemes: their kinds (their tables' triggers are
installed by the re-install that follows every migrate, see apps.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0005_change_kind_lieu"),
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
                    ("metier", "Métier"),
                    ("dispositif", "Dispositif"),
                ],
                max_length=20,
            ),
        ),
    ]
