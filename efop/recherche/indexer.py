"""Keeps the search index fresh: `refresh(formation_ids)` after any write to formations, `reindex()`.

Both rewrite the rows of the formations they are given: a published formation with a session not
over gets its rows, any other (withdrawn, draft, deleted, only past sessions) loses them. Call
`refresh` inside the transaction that wrote the formations, so that the index commits with them.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from efop.flux.models import Source
from efop.offre.enums import CodeKind, FormationStatus
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
from efop.referentiels import models as referentiels
from efop.referentiels.enums import TypeCertification

from . import documents
from .models import FormationIndex, SessionIndex

CHUNK = 500


def refresh(formation_ids: Iterable[int], *, today: date | None = None) -> int:
    """Rewrite the index rows of `formation_ids`; returns how many formations are now indexed."""
    ids = sorted(set(formation_ids))
    today = today or timezone.localdate()
    indexed = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            indexed += _refresh_chunk(ids[start : start + CHUNK], today)
    return indexed


def refresh_imported(source: Source, cles: Iterable[str]) -> int:
    """After an import of `source`: refresh the formations saved (by `cles`) and those of the source
    still indexed but no longer published (withdrawn)."""
    cles = list(cles)
    ids = set()
    for start in range(0, len(cles), CHUNK):
        ids.update(
            Formation.objects.for_source(source)
            .filter(cle__in=cles[start : start + CHUNK])
            .values_list("pk", flat=True)
        )
    gone = Formation.objects.for_source(source).exclude(status=FormationStatus.PUBLIEE).values("pk")
    ids.update(FormationIndex.objects.filter(formation_id__in=gone).values_list("formation_id", flat=True))
    return refresh(ids)


def reindex(*, progress: Callable[[Iterable, int], Iterable] | None = None) -> int:
    """Rebuild the whole index in one transaction; `progress(chunks, total)` wraps the chunk loop."""
    today = timezone.localdate()
    with transaction.atomic():
        SessionIndex.objects.all().delete()
        FormationIndex.objects.all().delete()
        ids = list(Formation.objects.published().order_by("pk").values_list("pk", flat=True))
        chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
        indexed = 0
        for chunk in progress(chunks, len(ids)) if progress else chunks:
            indexed += _refresh_chunk(chunk, today, cleared=True)
    return indexed


def _refresh_chunk(ids: list[int], today: date, *, cleared: bool = False) -> int:
    if not cleared:
        SessionIndex.objects.filter(fiche_id__in=ids).delete()
        FormationIndex.objects.filter(formation_id__in=ids).delete()
    formations = list(
        Formation.objects.published()
        .filter(pk__in=ids)
        .only(*FORMATION_COLUMNS)
        .select_related("responsable")
        .prefetch_related(*_prefetches())
    )
    lookups = _lookups(formations)
    fiches, rows = [], []
    for formation in formations:
        formation_rows = documents.session_rows(formation, lookups, today)
        if not formation_rows:
            continue
        titre, corps = documents.texts(formation, lookups)
        fiches.append(FormationIndex(formation_id=formation.pk, titre=titre, corps=corps))
        rows += [SessionIndex(fiche_id=formation.pk, **row) for row in formation_rows]
    FormationIndex.objects.bulk_create(fiches, batch_size=CHUNK)
    SessionIndex.objects.bulk_create(rows, batch_size=CHUNK)
    return len(fiches)


FORMATION_COLUMNS = (
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


def _prefetches() -> list[Prefetch]:
    """What documents.py reads of a formation's children, and only that."""

    def only(model, *columns):
        return model.objects.only(*columns)

    sessions = only(Session, "action_id", "debut", "fin", "etat_recrutement", "lheo_extra")
    actions = only(
        Action,
        "formation_id",
        "modalites_enseignement",
        "modalites_entrees_sorties",
        "modalites_alternance",
        "rythme",
        "acces_handicapes",
        "lheo_extra",
    )
    return [
        Prefetch("codes", only(FormationCode, "formation_id", "kind", "code")),
        Prefetch("certifications", only(Certification, "formation_id", "code_rncp", "code_rs", "code_cpf")),
        Prefetch("actions", actions),
        Prefetch("actions__sessions", sessions),
        Prefetch(
            "actions__lieux",
            only(
                LieuFormation,
                "action_id",
                *(
                    f"adresse_{column}"
                    for column in (
                        "code_insee_commune",
                        "latitude",
                        "longitude",
                        "departement",
                        "codepostal",
                        "ville",
                    )
                ),
            ),
        ),
        Prefetch("actions__financeurs", only(Financeur, "action_id", "code_financeur")),
        Prefetch(
            "actions__formateurs",
            ActionFormateur.objects.select_related("organisme").only(
                "action_id", "raison_sociale", "organisme__raison_sociale", "organisme__nom_organisme"
            ),
        ),
    ]


def _lookups(formations: list[Formation]) -> documents.Lookups:
    formacodes, romes, certifications, insee = set(), set(), set(), set()
    for formation in formations:
        formacodes.update(documents.formation_codes(formation, CodeKind.FORMACODE))
        romes.update(documents.formation_codes(formation, CodeKind.ROME))
        certifications.update(documents.certification_keys(formation))
        for action in formation.actions.all():
            insee.update(lieu.adresse_code_insee_commune for lieu in action.lieux.all())
    communes = referentiels.Commune.objects.filter(code_insee__in=insee - {""}).select_related(
        "departement", "epci"
    )
    return documents.Lookups(
        formacodes=dict(
            referentiels.Formacode.objects.filter(code__in=formacodes).values_list("code", "libelle")
        ),
        romes=dict(referentiels.Rome.objects.filter(code__in=romes).values_list("code", "libelle")),
        certifications={
            code: (intitule, int(niveau) if niveau else None)
            for code, intitule, niveau in referentiels.Certification.objects.filter(code__in=certifications)
            .exclude(type=TypeCertification.CERTIFINFO)
            .values_list("code", "intitule", "niveau")
        },
        communes={
            commune.code_insee: documents.CommuneInfo(
                departement=commune.departement.code,
                epci=commune.epci.code if commune.epci else "",
                latitude=commune.coordonnees[0] if commune.coordonnees else None,
                longitude=commune.coordonnees[1] if commune.coordonnees else None,
            )
            for commune in communes
        },
    )
