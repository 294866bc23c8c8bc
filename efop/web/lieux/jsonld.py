"""schema.org JSON-LD of a place's page: a GovernmentOffice (a public service network) or a Place,
with its address, coordinates, contacts and `openingHoursSpecification` (week, and the
exceptions as `specialOpeningHoursSpecification`)."""

from efop.lieux.enums import Reseau
from efop.lieux.horaires import JOURS
from efop.lieux.models import LieuInformation

PUBLIC_SERVICES = {
    Reseau.MISSION_LOCALE,
    Reseau.FRANCE_TRAVAIL,
    Reseau.CAP_EMPLOI,
    Reseau.CIO,
    Reseau.POINT_RELAIS,
    Reseau.CEP,
    Reseau.SPRO,
    Reseau.MAISON_EMPLOI,
}
DAYS = dict(
    zip(JOURS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)


def _hours(slots, **extra) -> list[dict]:
    return [
        {"@type": "OpeningHoursSpecification", **extra, "opens": f"{start:%H:%M}", "closes": f"{end:%H:%M}"}
        for start, end in slots
    ]


def place(lieu: LieuInformation, url: str) -> dict:
    hours = lieu.horaires_lus()
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice" if lieu.reseau in PUBLIC_SERVICES else "Place",
        "name": lieu.nom,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                line.strip() for line in lieu.adresse_lignes.splitlines() if line.strip()
            ),
            "postalCode": lieu.code_postal,
            "addressLocality": lieu.commune.nom if lieu.commune_id else "",
            "addressCountry": "FR",
        },
        "openingHoursSpecification": [
            spec
            for day, slots in hours.semaine.items()
            for spec in _hours(slots, dayOfWeek=f"https://schema.org/{DAYS[day]}")
        ],
    }
    if lieu.description:
        data["description"] = lieu.description
    if lieu.latitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": lieu.latitude, "longitude": lieu.longitude}
    for key, value in (("telephone", lieu.telephone), ("email", lieu.courriel), ("sameAs", lieu.site_web)):
        if value:
            data[key] = value
    special = []
    for exception in hours.exceptions:
        period = {"validFrom": exception.debut.isoformat(), "validThrough": exception.fin.isoformat()}
        special += _hours(exception.creneaux, **period) or [
            {"@type": "OpeningHoursSpecification", **period, "opens": "00:00", "closes": "00:00"}
        ]
    if special:
        data["specialOpeningHoursSpecification"] = special
    return data
