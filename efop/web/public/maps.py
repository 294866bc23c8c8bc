"""A small static map of a formation's places, drawn in SVG without any tile server.

The region is drawn from the référentiel's communes: their centres fall into a grid of square cells,
and each row's runs of filled cells become one rectangle (a coarse silhouette of the region, by
département). Places are dots on the same projection (equirectangular, corrected for latitude).
The page gives the text alternative: the list of places with their coordinates."""

import math
from collections import Counter
from dataclasses import dataclass

from efop.offre.models import LieuFormation
from efop.referentiels.models import PAYS_DE_LA_LOIRE, Commune, Region

WIDTH = 400
CELL_DEGREES = 0.08
MARGIN_DEGREES = 0.1
OSM_URL = "https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=13/{lat:.5f}/{lon:.5f}"


@dataclass(frozen=True)
class Place:
    lieu: LieuFormation
    latitude: float
    longitude: float

    @property
    def osm_url(self) -> str:
        return OSM_URL.format(lat=self.latitude, lon=self.longitude)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    number: int


@dataclass(frozen=True)
class Band:
    """A run of filled cells of one row: x, y, width, height, and the département's shade (0–4)."""

    x: float
    y: float
    width: float
    height: float
    shade: int


@dataclass(frozen=True)
class RegionMap:
    region: str
    width: int
    height: int
    bands: list[Band]
    dots: list[Dot]
    places: list[Place]

    @property
    def outside(self) -> int:
        """Places too far from the region to be drawn."""
        return len(self.places) - len(self.dots)


def located(lieux: list[LieuFormation]) -> list[Place]:
    """The places with coordinates: their own, else their commune's centre."""
    missing = {lieu.adresse_code_insee_commune for lieu in lieux if lieu.adresse_latitude is None}
    centres = {c.code_insee: c.coordonnees for c in Commune.objects.filter(code_insee__in=missing - {""})}
    found = []
    for lieu in lieux:
        if lieu.adresse_latitude is not None and lieu.adresse_longitude is not None:
            found.append(Place(lieu, float(lieu.adresse_latitude), float(lieu.adresse_longitude)))
        elif centres.get(lieu.adresse_code_insee_commune):
            found.append(Place(lieu, *centres[lieu.adresse_code_insee_commune]))
    return found


def region_map(lieux: list[LieuFormation]) -> RegionMap | None:
    """The map of the region most of the places are in (the reference region when none says)."""
    places = located(lieux)
    if not places:
        return None
    code = Counter(lieu.adresse_region for lieu in lieux if lieu.adresse_region).most_common(1)
    region = Region.objects.filter(code=code[0][0] if code else PAYS_DE_LA_LOIRE).first()
    centres = (
        [
            c
            for c in Commune.objects.filter(region=region).values_list(
                "latitude", "longitude", "departement__code"
            )
            if c[0] is not None
        ]
        if region
        else []
    )
    points = [(lat, lon) for lat, lon, _ in centres] or [(p.latitude, p.longitude) for p in places]
    south, north = min(p[0] for p in points) - MARGIN_DEGREES, max(p[0] for p in points) + MARGIN_DEGREES
    west, east = min(p[1] for p in points) - MARGIN_DEGREES, max(p[1] for p in points) + MARGIN_DEGREES
    squash = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * squash)

    def project(lat: float, lon: float) -> tuple[float, float]:
        return round((lon - west) * squash * scale, 1), round((north - lat) * scale, 1)

    dots = [
        Dot(*project(p.latitude, p.longitude), number)
        for number, p in enumerate(places, 1)
        if south <= p.latitude <= north and west <= p.longitude <= east
    ]
    return RegionMap(
        region.nom if region else "",
        WIDTH,
        round((north - south) * scale),
        _bands(centres, north, west, squash, scale),
        dots,
        places,
    )


def _bands(centres, north: float, west: float, squash: float, scale: float) -> list[Band]:
    step_lon = CELL_DEGREES / squash
    cells: dict[tuple[int, int], str] = {}
    for lat, lon, departement in centres:
        cells.setdefault((int((north - lat) / CELL_DEGREES), int((lon - west) / step_lon)), departement)
    shades = {code: n % 5 for n, code in enumerate(sorted(set(cells.values())))}
    size = CELL_DEGREES * scale
    bands = []
    for row in sorted({row for row, _ in cells}):
        columns = sorted(column for r, column in cells if r == row)
        start = previous = columns[0]
        for column in [*columns[1:], None]:
            if column is not None and column == previous + 1 and cells[row, column] == cells[row, start]:
                previous = column
                continue
            bands.append(
                Band(
                    round(start * size, 1),
                    round(row * size, 1),
                    round((previous - start + 1) * size, 1),
                    round(size, 1),
                    shades[cells[row, start]],
                )
            )
            if column is not None:
                start = previous = column
    return bands
