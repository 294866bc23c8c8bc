from django.db import migrations

from efop.recherche import fulltext


class Migration(migrations.Migration):
    dependencies = [("recherche", "0001_initial")]

    operations = [migrations.RunPython(fulltext.create, fulltext.drop)]
