"""Query parameters: typed and bounded, so that every bad value is a 400 naming its parameter."""

import re
from datetime import date
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

from efop.recherche.query import DEFAULT_RADIUS_KM, Modalite, SearchQuery, Tri

from .cursors import MAX_LENGTH
from .errors import invalid

MAX_ID = 2**63 - 1
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"

Texte = Annotated[str, StringConstraints(max_length=200, pattern=NO_CONTROL)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z._-]+$")]
CodeInsee = Annotated[str, StringConstraints(pattern=r"^[0-9][0-9AB][0-9]{3}$")]
Cursor = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LENGTH, pattern=r"^[0-9A-Za-z_=-]+$")]
CodeEtiquette = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]
Siret = Annotated[str, StringConstraints(pattern=r"^[0-9]{14}$")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _iso_date(value):
    """Only AAAA-MM-JJ (pydantic alone would also take a number of seconds since 1970)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError("date_parsing", "date attendue au format AAAA-MM-JJ")
    return value


Date = Annotated[date, BeforeValidator(_iso_date)]


class Page(Schema):
    limit: int = Field(20, ge=1, le=100, description="Nombre de résultats par page (100 au plus)")
    cursor: Cursor | None = Field(None, description="Le `next_cursor` de la page précédente")


class Lieu(Schema):
    commune: CodeInsee | None = Field(None, description="Code INSEE : centre du rayon de recherche")
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    rayon_km: float | None = Field(
        None,
        gt=0,
        le=1000,
        allow_inf_nan=False,
        description=f"{DEFAULT_RADIUS_KM} km par défaut quand un lieu est donné",
    )
    departement: list[Code] = Field([], description="Code du département (répétable)")
    territoire: list[Code] = Field([], description="Code du territoire (répétable)")

    def check_place(self) -> bool:
        """Whether a place is given; 400 when it is only half given."""
        if (self.lat is None) != (self.lon is None):
            raise invalid("lon" if self.lon is None else "lat", "lat et lon vont ensemble.")
        if self.rayon_km is not None and self.lat is None and self.commune is None:
            raise invalid("rayon_km", "un rayon demande un lieu (commune, ou lat et lon).")
        return self.commune is not None or self.lat is not None


class Periode(Schema):
    debut_apres: Date | None = Field(None, description="Sessions commençant ce jour ou après")
    debut_avant: Date | None = Field(None, description="Sessions commençant ce jour ou avant")

    def check_period(self) -> None:
        if self.debut_apres and self.debut_avant and self.debut_apres > self.debut_avant:
            raise invalid("debut_avant", "doit suivre debut_apres.")


class FormationFilters(Page, Lieu, Periode):
    q: Texte = Field("", description="Mots cherchés (intitulé, objectif, contenu, métiers, organisme…)")
    financeur: list[Code] = Field([], description="Code LHEO du financeur (dict-financeurs, répétable)")
    formacode: list[Code] = Field([], description="Formacode (répétable)")
    rome: list[Code] = Field([], description="Code ROME (répétable)")
    certifiante: bool | None = None
    niveau: list[Code] = Field([], description="Niveau de sortie, code LHEO (répétable)")
    modalite: list[Modalite] = Field([], description="Modalité d'enseignement (répétable)")
    recrutement_ouvert: bool | None = None
    etiquette: list[CodeEtiquette] = Field(
        [], description="Code d'une étiquette posée par le Carif-Oref (R2F, abondement CPF…, répétable)"
    )
    tri: Tri = Tri.PERTINENCE

    def search_query(self) -> SearchQuery:
        place = self.check_place()
        self.check_period()
        if self.tri == Tri.DISTANCE and not place:
            raise invalid("tri", "le tri par distance demande un lieu (commune, ou lat et lon).")
        return SearchQuery(
            q=self.q,
            commune=self.commune,
            lat=self.lat,
            lon=self.lon,
            rayon_km=self.rayon_km,
            departements=tuple(self.departement),
            territoires=tuple(self.territoire),
            financeurs=tuple(self.financeur),
            formacodes=tuple(self.formacode),
            romes=tuple(self.rome),
            certifiante=self.certifiante,
            niveaux=tuple(self.niveau),
            modalites=tuple(m.value for m in self.modalite),
            debut_apres=self.debut_apres,
            debut_avant=self.debut_avant,
            recrutement_ouvert=self.recrutement_ouvert,
            etiquettes=tuple(self.etiquette),
            tri=self.tri.value,
        )


class SessionFilters(Page, Periode):
    departement: list[Code] = Field([], description="Département du lieu de formation (répétable)")
    commune: list[CodeInsee] = Field([], description="Code INSEE du lieu de formation (répétable)")
    territoire: list[Code] = Field([], description="Territoire du lieu de formation (répétable)")
    financeur: list[Code] = Field([], description="Code LHEO du financeur (répétable)")
