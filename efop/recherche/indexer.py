"""Keeps the search index fresh: `refresh(formation_ids)` after any write to formations, `reindex()`.

Both rewrite the rows of the formations they are given: a diffused formation (published, not
blocked by a quality control) with a session not over gets its rows, any other (withdrawn, blocked,
draft, deleted, only past sessions) loses them. Call
`refresh` inside the transaction that wrote the formations, so that the index commits with them.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from efop.db import bulk
from efop.flux.models import Source
from efop.offre.enums import CodeKind
from efop.offre.models import (
    Action,
    ActionFormateur,
    Certification,
    Financeur,
    Formation,
    FormationCode,
    LieuFormation,
    Session,
)
from efop.organismes.models import Organisme
from efop.referentiels import models as referentiels
from efop.referentiels.enums import TypeCertification

from . import documents
from .models import FormationIndex, SessionIndex

CHUNK = 500


def refresh(
    formation_ids: Iterable[int], *, today: date | None = None, referentiels: "Referentiels | None" = None
) -> int:
    """Rewrite the index rows of `formation_ids`; returns how many formations are now indexed.
    `referentiels`: the values looked up by earlier calls (an import's batches), kept for the next."""
    ids = sorted(set(formation_ids))
    today = today or timezone.localdate()
    referentiels = referentiels or Referentiels()
    indexed = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            indexed += _refresh_chunk(ids[start : start + CHUNK], today, referentiels)
    return indexed


def refresh_imported(source: Source, also: Iterable[int] = ()) -> int:
    """At the end of an import of `source` whose batches were refreshed as they were saved:
    refresh the formations of the source still indexed but no longer diffused
    (withdrawn), and the formations `also` (by id)."""
    gone = Formation.objects.for_source(source).exclude(pk__in=Formation.objects.diffusees()).values("pk")
    ids = set(also)
    ids.update(FormationIndex.objects.filter(formation_id__in=gone).values_list("formation_id", flat=True))
    return refresh(ids)


def reindex(*, progress: Callable[[Iterable, int], Iterable] | None = None) -> int:
    """Rebuild the whole index in one transaction; `progress(chunks, total)` wraps the chunk loop."""
    today = timezone.localdate()
    with transaction.atomic():
        SessionIndex.objects.all().delete()
        FormationIndex.objects.all().delete()
        ids = list(Formation.objects.diffusees().order_by("pk").values_list("pk", flat=True))
        chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
        indexed = 0
        referentiels = Referentiels()
        for chunk in progress(chunks, len(ids)) if progress else chunks:
            indexed += _refresh_chunk(chunk, today, referentiels, cleared=True)
    return indexed


def _refresh_chunk(
    ids: list[int], today: date, referentiels: "Referentiels", *, cleared: bool = False
) -> int:
    if not cleared:
        bulk.delete_in(SessionIndex, "fiche_id", ids)
        bulk.delete_in(FormationIndex, "formation_id", ids)
    formations = _read(ids)
    lookups = referentiels.lookups(formations)
    fiches, rows = [], []
    for formation in formations:
        formation_rows = documents.session_rows(formation, lookups, today)
        if not formation_rows:
            continue
        titre, corps = documents.texts(formation, lookups)
        fiches.append({"formation_id": formation.id, "titre": titre, "corps": corps})
        for row in formation_rows:
            row["fiche_id"] = formation.id
        rows += formation_rows
    bulk.insert(FormationIndex, fiches)  # SQLite: the triggers fill the FTS table; PostgreSQL: generated
    bulk.insert_new(SessionIndex, rows)
    return len(fiches)


def _read(ids: list[int]) -> list[documents.FormationData]:
    """The diffused formations among `ids` with what documents.py reads of their parts, read as
    plain rows (one query per table, parts in position order)."""
    formations = {
        row[0]: documents.FormationData(*row[:-2], organismes=[name for name in row[-2:] if name is not None])
        for row in Formation.objects.diffusees()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list(*FORMATION_COLUMNS)
    }
    ids = list(formations)
    for formation_id, kind, code in (
        FormationCode.objects.filter(formation_id__in=ids)
        .order_by("position")
        .values_list("formation_id", "kind", "code")
    ):
        formations[formation_id].codes.append((kind, code))
    for formation_id, *codes in (
        Certification.objects.filter(formation_id__in=ids)
        .order_by("position")
        .values_list("formation_id", "code_rncp", "code_rs", "code_cpf")
    ):
        formations[formation_id].certifications.append(tuple(codes))
    actions = {}
    for formation_id, pk, *columns in (
        Action.objects.filter(formation_id__in=ids)
        .order_by("position")
        .values_list("formation_id", "id", *ACTION_COLUMNS)
    ):
        action = actions[pk] = documents.ActionData(pk, *columns)
        formations[formation_id].actions.append(action)
    by_formation = {"action__formation_id__in": ids}
    for action_id, *columns in (
        Session.objects.filter(**by_formation).order_by("position").values_list("action_id", *SESSION_COLUMNS)
    ):
        actions[action_id].sessions.append(documents.SessionData(*columns))
    lieu_columns = [f"adresse_{column}" for column in LIEU_COLUMNS]
    for action_id, *columns in (
        LieuFormation.objects.filter(**by_formation)
        .order_by("position")
        .values_list("action_id", *lieu_columns)
    ):
        actions[action_id].lieux.append(documents.LieuData(*columns))
    for action_id, code in (
        Financeur.objects.filter(**by_formation)
        .order_by("position")
        .values_list("action_id", "code_financeur")
    ):
        actions[action_id].financeurs.append(code)
    for action_id, name, *organisme in (
        ActionFormateur.objects.filter(**by_formation)
        .order_by("position")
        .values_list("action_id", "raison_sociale", *(f"organisme__{column}" for column in ORGANISME_COLUMNS))
    ):
        actions[action_id].formateurs.append(
            name or str(Organisme(**dict(zip(ORGANISME_COLUMNS, organisme, strict=True))))
        )
    return list(formations.values())


FORMATION_COLUMNS = (
    "id",
    "intitule",
    "objectif",
    "resultats_attendus",
    "contenu",
    "certifiante",
    "code_niveau_sortie",
    "lheo_extra",
    "responsable__raison_sociale",
    "responsable__nom_organisme",
)
ACTION_COLUMNS = (
    "modalites_enseignement",
    "modalites_entrees_sorties",
    "modalites_alternance",
    "rythme",
    "acces_handicapes",
    "lheo_extra",
)
SESSION_COLUMNS = ("id", "debut", "fin", "etat_recrutement", "lheo_extra")
LIEU_COLUMNS = ("code_insee_commune", "latitude", "longitude", "departement", "codepostal", "ville")
ORGANISME_COLUMNS = ("raison_sociale", "nom_organisme", "siret", "cle")  # what str(organisme) reads


class Referentiels:
    """The référentiel values the documents read (documents.Lookups), each code looked up once for
    as long as the instance lives: one refresh, one rebuild, or a whole import, whose batches name
    the same codes again and again."""

    def __init__(self):
        self._lookups = documents.Lookups(formacodes={}, romes={}, certifications={}, communes={})
        self._asked: dict[str, set[str]] = {
            kind: set() for kind in ("formacodes", "romes", "certifications", "communes")
        }

    def lookups(self, formations: list[documents.FormationData]) -> documents.Lookups:
        formacodes, romes, certifications, insee = set(), set(), set(), set()
        for formation in formations:
            formacodes.update(documents.formation_codes(formation, CodeKind.FORMACODE))
            romes.update(documents.formation_codes(formation, CodeKind.ROME))
            certifications.update(documents.certification_keys(formation))
            for action in formation.actions:
                insee.update(lieu.code_insee_commune for lieu in action.lieux)
        found = self._lookups
        if codes := self._new("formacodes", formacodes):
            found.formacodes.update(
                referentiels.Formacode.objects.filter(code__in=codes).values_list("code", "libelle")
            )
        if codes := self._new("romes", romes):
            found.romes.update(
                referentiels.Rome.objects.filter(code__in=codes).values_list("code", "libelle")
            )
        if codes := self._new("certifications", certifications):
            found.certifications.update(
                (code, (intitule, int(niveau) if niveau else None))
                for code, intitule, niveau in referentiels.Certification.objects.filter(code__in=codes)
                .exclude(type=TypeCertification.CERTIFINFO)
                .values_list("code", "intitule", "niveau")
            )
        if codes := self._new("communes", insee):
            communes = referentiels.Commune.objects.filter(code_insee__in=codes).values_list(
                "code_insee", "departement__code", "epci__code", *referentiels.COMMUNE_COORDONNEES_COLUMNS
            )
            found.communes.update(
                (
                    code_insee,
                    documents.CommuneInfo(
                        departement,
                        epci or "",
                        *(referentiels.commune_coordonnees(*coordonnees) or (None, None)),
                    ),
                )
                for code_insee, departement, epci, *coordonnees in communes
            )
        return found

    def _new(self, kind: str, codes: set[str]) -> list[str]:
        """The codes of `kind` not looked up yet (and from now on, looked up)."""
        asked = self._asked[kind]
        new = sorted(codes - asked - {""})
        asked.update(new)
        return new
