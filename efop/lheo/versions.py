"""The LHEO versions efop reads (2.2, 2.3 and the EDOF profile) and how to recognise them."""

import enum
from pathlib import Path

from efop.lheo.errors import LheoFileError
from efop.paths import reference_dir


class LheoVersion(str, enum.Enum):
    V22 = "2.2"
    V23 = "2.3"
    EDOF = "edof"

    @property
    def namespace(self) -> str:
        return _NAMESPACES[self]

    @property
    def xsd_path(self) -> Path:
        return reference_dir() / "lheo" / _XSD_FILES[self]

    @property
    def label(self) -> str:
        return "EDOF (Mon Compte Formation)" if self is LheoVersion.EDOF else f"LHEO {self.value}"


_NAMESPACES = {
    LheoVersion.V22: "http://www.lheo.org/2.2",
    LheoVersion.V23: "http://lheo.gouv.fr/2.3",
    LheoVersion.EDOF: "https://www.of.moncompteformation.gouv.fr",
}

_XSD_FILES = {
    LheoVersion.V22: "xsd/lheo-2.2.xsd",
    LheoVersion.V23: "xsd/lheo-2.3.xsd",
    LheoVersion.EDOF: "edof/lheo_import_fichier_xml_optimise_v5r2.xsd",
}

_BY_NAMESPACE = {namespace: version for version, namespace in _NAMESPACES.items()}


def detect_version(namespace: str | None) -> LheoVersion:
    """The version whose namespace this is; LheoFileError for any other namespace."""
    version = _BY_NAMESPACE.get((namespace or "").strip())
    if version is not None:
        return version
    known = ", ".join(f"{v.label} « {v.namespace} »" for v in LheoVersion)
    found = f"l'espace de noms « {namespace} »" if namespace else "aucun espace de noms"
    raise LheoFileError(
        f"Version LHEO non reconnue : l'élément racine porte {found}. "
        f"Espaces de noms acceptés : {known}. "
        "Déclarez sur l'élément racine l'attribut xmlns de la version produite."
    )
