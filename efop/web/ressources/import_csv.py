"""Import of resources from a CSV file (UTF-8, « ; » or « , »), each line checked by the same form
as the back office (`RessourceForm`): one header line naming the form's fields (`titre`, `type`,
`resume`, `date` AAAA-MM-JJ, `debut` AAAA-MM-JJTHH:MM…); `themes` and `dispositifs` by their
addresses (slugs) and `territoires` by their codes, separated by spaces; `metiers` ROME codes and
`commune` an INSEE code, as in the form. All lines or none: a file with one error saves nothing."""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from efop.dispositifs.models import Dispositif
from efop.referentiels.models import Territoire
from efop.ressources import services
from efop.ressources.models import Ressource, Theme

from .forms import RessourceForm

BY_KEY = {"themes": (Theme, "slug"), "dispositifs": (Dispositif, "slug"), "territoires": (Territoire, "code")}


@dataclass
class Rapport:
    creees: list[Ressource] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)


def _data(row: dict[str, str], line: int, erreurs: list[str]) -> dict:
    data = {name: (value or "").strip() for name, value in row.items() if name}
    for name, (model, key) in BY_KEY.items():
        keys = data.pop(name, "").split()
        found = dict(model.objects.filter(**{f"{key}__in": keys}).values_list(key, "pk"))
        if missing := [k for k in keys if k not in found]:
            erreurs.append(f"Ligne {line}, colonne « {name} » : inconnu(s) : {', '.join(missing)}.")
        data[name] = [found[k] for k in keys if k in found]
    return data


def importer(content: bytes, user, *, dry_run: bool = False) -> Rapport:
    rapport = Rapport()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        rapport.erreurs.append("Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 ».")
        return rapport
    dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or "titre" not in reader.fieldnames:
        rapport.erreurs.append("Première ligne : les noms des colonnes sont attendus (titre, type, resume…).")
        return rapport
    with transaction.atomic():
        for line, row in enumerate(reader, 2):
            form = RessourceForm(_data(row, line, rapport.erreurs))
            if not form.is_valid():
                rapport.erreurs += [
                    f"Ligne {line}, colonne « {name} » : {' '.join(errors)}"
                    for name, errors in form.errors.items()
                ]
                continue
            rapport.creees.append(services.enregistrer(form, user))
        if rapport.erreurs or dry_run:
            transaction.set_rollback(True)
    return rapport
