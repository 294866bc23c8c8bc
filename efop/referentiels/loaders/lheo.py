from ..models import LheoCode, LheoDictionnaire
from .base import Loader


class LheoLoader(Loader):
    """The LHEO dictionaries (dict-*) of versions 2.2 and 2.3."""

    name = "lheo"
    label = "Dictionnaires LHEO"
    FILES = {"2.2": "lheo/dicts/lheo-dicts-2.2.json", "2.3": "lheo/dicts/lheo-dicts-2.3.json"}
    files = tuple(FILES.values())

    def load(self):
        dictionnaires, codes = [], []
        for version, name in self.FILES.items():
            for nom, table in self.json(name).items():
                dictionnaires.append({"version": version, "nom": nom, "libelle": table["fullname"]})
                codes += [
                    {"dictionnaire": (version, nom), "code": code, "libelle": libelle, "version": version}
                    for code, libelle in table["entries"]
                ]
        return [self.sync(LheoDictionnaire, dictionnaires), self.sync(LheoCode, codes)]
