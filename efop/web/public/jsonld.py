"""schema.org JSON-LD of a formation page: a `Course` with one `CourseInstance` per session not over."""

import json

from django.utils.safestring import SafeString, mark_safe

from efop.offre.enums import DatePrecision
from efop.offre.models import Action, Formation, LieuFormation, Session
from efop.organismes.models import Organisme

from .text import summary

COURSE_MODES = {"0": "onsite", "1": "blended", "2": "online"}  # dict-modalites-enseignement
_ISO = {DatePrecision.JOUR: "%Y-%m-%d", DatePrecision.MOIS: "%Y-%m", DatePrecision.ANNEE: "%Y"}
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(data: dict) -> SafeString:
    """`data` as a JSON-LD script element, safe to put in a page."""
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 — escaped above


def course(formation: Formation, url: str, organisme_url: str | None) -> dict:
    """`formation` read through offer.formation_page(); URLs absolute."""
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": formation.intitule,
        "description": summary(formation.objectif, formation.contenu, formation.intitule, length=500),
        "url": url,
        "hasCourseInstance": [
            instance(action, session)
            for action in formation.current_actions
            for session in action.current_sessions
        ],
    }
    if formation.responsable:
        data["provider"] = organization(formation.responsable, organisme_url)
    codes = [
        code for cert in formation.certifications.all() for code in (cert.code_rncp, cert.code_rs) if code
    ]
    if codes:
        data["educationalCredentialAwarded"] = codes
    return data


def organization(organisme: Organisme, url: str | None) -> dict:
    data = {"@type": "Organization", "name": str(organisme)}
    if organisme.siret:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "SIRET", "value": organisme.siret}
    if url:
        data["url"] = url
    return data


def instance(action: Action, session: Session) -> dict:
    data = {"@type": "CourseInstance"}
    if action.modalites_enseignement in COURSE_MODES:
        data["courseMode"] = COURSE_MODES[action.modalites_enseignement]
    for key, field in (("startDate", "debut"), ("endDate", "fin")):
        day, precision = getattr(session, field), getattr(session, f"{field}_precision")
        if day and precision in _ISO:
            data[key] = day.strftime(_ISO[precision])
    if action.nombre_heures_total:
        data["courseWorkload"] = f"PT{action.nombre_heures_total}H"
    lieux = action.lieux.all()
    if lieux:
        data["location"] = place(lieux[0])
    if action.prix_total_ttc is not None:
        data["offers"] = {"@type": "Offer", "price": str(action.prix_total_ttc), "priceCurrency": "EUR"}
    return data


def place(lieu: LieuFormation) -> dict:
    data = {
        "@type": "Place",
        "name": lieu.nom or lieu.adresse_ville,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": " ".join(lieu.adresse_lignes),
            "postalCode": lieu.adresse_codepostal,
            "addressLocality": lieu.adresse_ville,
            "addressCountry": lieu.adresse_pays or "FR",
        },
    }
    if lieu.adresse_latitude is not None and lieu.adresse_longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(lieu.adresse_latitude),
            "longitude": float(lieu.adresse_longitude),
        }
    return data
