"""A small static map of a formation's places, drawn in SVG without any tile server.

The region is drawn from the référentiel's communes: their centres fall into a grid of square cells,
and each row's runs of filled cells become one rectangle (a coarse silhouette of the region, by
département). Places are dots on the same projection (equirectangular, corrected for latitude).
The page gives the text alternative: the list of places with their coordinates."""

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from efop.offre.models import LieuFormation
from efop.referentiels.cache import per_load
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
    background: SafeString
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


@dataclass(frozen=True)
class _Frame:
    """The projection of a map and its background: for a region, a function of the référentiels only."""

    south: float
    north: float
    west: float
    east: float
    squash: float
    scale: float
    bands: list[Band]

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        return round((lon - self.west) * self.squash * self.scale, 1), round(
            (self.north - lat) * self.scale, 1
        )

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.scale)

    @cached_property
    def background(self) -> SafeString:
        """The SVG rectangles of the bands, built once per frame (a region's frame is cached): a
        template loop over them cost more than the rest of a formation page's map."""
        return format_html_join(
            "",
            '<rect class="carte__departement carte__departement--{}" x="{}" y="{}" width="{}" height="{}"></rect>',
            ((band.shade, band.x, band.y, band.width, band.height) for band in self.bands),
        )


def region_map(lieux: list[LieuFormation]) -> RegionMap | None:
    """The map of the region most of the places are in (the reference region when none says)."""
    places = located(lieux)
    if not places:
        return None
    code = Counter(lieu.adresse_region for lieu in lieux if lieu.adresse_region).most_common(1)
    return places_map(places, code[0][0] if code else PAYS_DE_LA_LOIRE)


def places_map(places: list[Place], region_code: str = PAYS_DE_LA_LOIRE) -> RegionMap:
    """The map of region `region_code` with `places` (each shown by its `lieu`'s text) numbered on it."""
    region, frame = _region_frame(region_code)
    frame = frame or _frame([(p.latitude, p.longitude) for p in places], [])
    dots = [
        Dot(*frame.project(p.latitude, p.longitude), number)
        for number, p in enumerate(places, 1)
        if frame.contains(p.latitude, p.longitude)
    ]
    return RegionMap(region, WIDTH, frame.height, frame.background, dots, places)


@per_load(maxsize=32)
def _region_frame(code: str) -> tuple[str, _Frame | None]:
    """The name of a region and its frame drawn from its communes (None without them)."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        return "", None
    centres = [
        c
        for c in Commune.objects.filter(region=region).values_list(
            "latitude", "longitude", "departement__code"
        )
        if c[0] is not None
    ]
    return region.nom, _frame([(lat, lon) for lat, lon, _ in centres], centres) if centres else None


def _frame(points: list[tuple[float, float]], centres) -> _Frame:
    south, north = min(p[0] for p in points) - MARGIN_DEGREES, max(p[0] for p in points) + MARGIN_DEGREES
    west, east = min(p[1] for p in points) - MARGIN_DEGREES, max(p[1] for p in points) + MARGIN_DEGREES
    squash = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * squash)
    return _Frame(south, north, west, east, squash, scale, _bands(centres, north, west, squash, scale))


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
