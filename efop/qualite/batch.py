"""What the rules read: a batch of formations with everything under them, read table by table
(`bulk.select`: one SELECT per table, only the columns the rules use), and the référentiels
looked up for the codes the batch names (`Refs`, cached for the whole run).

Rows are dicts keyed by column; every row that can carry a finding has its `id`, `formation_id`
and `source_id` (organisations: their own source, no formation).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from django.db import models

from efop.db import bulk
from efop.offre import models as offre
from efop.offre.enums import ContactRole
from efop.organismes.models import CertificatQualiopi, DeclarationActivite, EtablissementAnnuaire, Organisme
from efop.referentiels import models as ref
from efop.referentiels.enums import TypeCertification


class Lookup:
    """Rows of a référentiel by code, read for the codes asked and kept for the run."""

    def __init__(self, queryset: models.QuerySet, key: str, columns: Sequence[str]):
        self.queryset, self.key, self.columns = queryset, key, columns
        self.known: dict[str, dict[str, Any] | None] = {}

    @cached_property
    def loaded(self) -> bool:
        """False when the référentiel is empty: its rules are skipped rather than flag every code."""
        return self.queryset.exists()

    def get_many(self, codes: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        missing = list({code for code in codes if code} - self.known.keys())
        for start in range(0, len(missing), bulk.CHUNK):
            chunk = missing[start : start + bulk.CHUNK]
            self.known.update(dict.fromkeys(chunk))
            for row in self.queryset.filter(**{f"{self.key}__in": chunk}).values(self.key, *self.columns):
                self.known[row[self.key]] = row
        return self.known

    def get(self, code: str) -> dict[str, Any] | None:
        return self.known.get(code)


class ListLookup(Lookup):
    """Like Lookup, for a key shared by several rows: each code gives the list of its rows."""

    def get_many(self, codes: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        missing = list({code for code in codes if code} - self.known.keys())
        for start in range(0, len(missing), bulk.CHUNK):
            chunk = missing[start : start + bulk.CHUNK]
            self.known.update({code: [] for code in chunk})
            for row in self.queryset.filter(**{f"{self.key}__in": chunk}).values(self.key, *self.columns):
                self.known[row[self.key]].append(row)
        return self.known


class Refs:
    """The référentiels the rules look codes up in."""

    def __init__(self):
        self.communes = Lookup(
            ref.Commune.objects.active(),
            "code_insee",
            ("nom", "codes_postaux", "latitude", "longitude", "latitude_mairie", "longitude_mairie"),
        )
        self.formacode = Lookup(ref.Formacode.objects.active(), "code", ("libelle", "type"))
        self.rome = Lookup(ref.Rome.objects.active(), "code", ())
        self.nsf = Lookup(ref.Nsf.objects.active(), "code", ())
        self.certifications = Lookup(
            ref.Certification.objects.active().filter(
                type__in=[TypeCertification.RNCP, TypeCertification.RS]
            ),
            "code",
            ("intitule", "niveau", "actif", "date_fin_validite"),
        )
        # The organisations directory (efop.organismes.annuaire): SIRENE établissements, NDA
        # declarations of the DGEFP list and their Qualiopi certificates by SIREN.
        self.sirene = Lookup(
            EtablissementAnnuaire.objects.presents(), "siret", ("etat", "date_debut", "denomination")
        )
        self.nda = Lookup(
            DeclarationActivite.objects.presents(), "numero", ("unite_legale__siren", "denomination")
        )
        self.qualiopi = ListLookup(
            CertificatQualiopi.objects.all(),
            "declaration__unite_legale__siren",
            ("categorie", "date_debut", "date_fin"),
        )

    def loaded(self, name: str) -> bool:
        return getattr(self, name).loaded


FORMATION_COLUMNS = (
    "id",
    "source_id",
    "status",
    "intitule",
    "objectif",
    "resultats_attendus",
    "contenu",
    "certifiante",
    "code_niveau_sortie",
    "responsable_id",
    "urls",
    "lheo_extra",
)
ACTION_COLUMNS = (
    "id",
    "formation_id",
    "codes_public_vise",
    "modalites_enseignement",
    "modalites_alternance",
    "prix_horaire_ttc",
    "prix_horaire_ttc_brut",
    "prix_total_ttc",
    "prix_total_ttc_brut",
    "nombre_heures_centre",
    "nombre_heures_entreprise",
    "nombre_heures_total",
)
SESSION_COLUMNS = (
    "id",
    "action_id",
    "debut",
    "debut_brut",
    "fin",
    "fin_brut",
    "inscription_debut",
    "inscription_debut_brut",
    "inscription_fin",
    "inscription_fin_brut",
    "etat_recrutement",
)
LIEU_COLUMNS = (
    "action_id",
    "siret",
    "siret_brut",
    "adresse_codepostal",
    "adresse_code_insee_commune",
    "adresse_latitude",
    "adresse_longitude",
)
ORGANISME_COLUMNS = (
    "id",
    "source_id",
    "siret",
    "siret_brut",
    "numero_activite",
    "numero_activite_brut",
    "raison_sociale",
    "nom_organisme",
)


class Batch:
    """Formations `ids` and what hangs on them. Organisations already checked in the run
    (`seen_organismes`) are not checked again, but for those of `again`: an organisation is checked
    once for all its formations, and again when its values changed since."""

    def __init__(
        self,
        ids: Sequence[int],
        refs: Refs,
        seen_organismes: set[int] | None = None,
        again: Iterable[int] = (),
    ):
        self.refs = refs
        self._memo: dict[str, Any] = {}
        self.formations = bulk.select(offre.Formation, "id", ids, columns=FORMATION_COLUMNS)
        for formation in self.formations:
            formation["formation_id"] = formation["id"]
        ids = [formation["id"] for formation in self.formations]
        source_of = {formation["id"]: formation["source_id"] for formation in self.formations}
        self.actions = bulk.select(offre.Action, "formation_id", ids, columns=ACTION_COLUMNS)
        for action in self.actions:
            action["source_id"] = source_of[action["formation_id"]]
        action_ids = [action["id"] for action in self.actions]
        action_by_id = {action["id"]: action for action in self.actions}
        self.sessions = bulk.select(offre.Session, "action_id", action_ids, columns=SESSION_COLUMNS)
        for session in self.sessions:
            action = action_by_id[session["action_id"]]
            session["formation_id"], session["source_id"] = action["formation_id"], action["source_id"]
        self.lieux = bulk.select(offre.LieuFormation, "action_id", action_ids, columns=LIEU_COLUMNS)
        self.codes = bulk.select(
            offre.FormationCode, "formation_id", ids, columns=("formation_id", "kind", "code", "ref")
        )
        self.certifications = bulk.select(
            offre.Certification,
            "formation_id",
            ids,
            columns=("formation_id", "code_rncp", "code_rs", "code_cpf"),
        )
        self.contacts = {
            row["formation_id"]
            for row in bulk.select(offre.Contact, "formation_id", ids, columns=("formation_id", "role"))
            if row["role"] == ContactRole.FORMATION
        }
        self.formateurs = bulk.select(
            offre.ActionFormateur, "action_id", action_ids, columns=("action_id", "organisme_id")
        )
        again = set(again)
        organisme_ids = (
            {f["responsable_id"] for f in self.formations if f["responsable_id"]}
            | {row["organisme_id"] for row in self.formateurs}
            | again
        )
        seen = seen_organismes if seen_organismes is not None else set()
        # Every organisation of the batch (rules on actions read them), checked once per run.
        self.organisme_by_id = {
            row["id"]: row
            for row in bulk.select(Organisme, "id", sorted(organisme_ids), columns=ORGANISME_COLUMNS)
        }
        self.organismes = [row for pk, row in self.organisme_by_id.items() if pk not in seen or pk in again]
        seen |= organisme_ids

    def memo(self, key: str, compute):
        """`compute(self)` once per batch, for what several rules share."""
        if key not in self._memo:
            self._memo[key] = compute(self)
        return self._memo[key]

    @cached_property
    def actions_of(self) -> dict[int, list[dict]]:
        return _group(self.actions, "formation_id")

    @cached_property
    def sessions_of(self) -> dict[int, list[dict]]:
        return _group(self.sessions, "action_id")

    @cached_property
    def lieux_of(self) -> dict[int, list[dict]]:
        return _group(self.lieux, "action_id")

    @cached_property
    def certifications_of(self) -> dict[int, list[dict]]:
        return _group(self.certifications, "formation_id")

    @cached_property
    def codes_of(self) -> dict[int, list[dict]]:
        return _group(self.codes, "formation_id")

    @cached_property
    def formateurs_of(self) -> dict[int, list[dict]]:
        return _group(self.formateurs, "action_id")

    @cached_property
    def financeurs_of(self) -> dict[int, list[str]]:
        """{action id: its dict-financeurs codes}, read when a rule first asks."""
        codes = defaultdict(list)
        for row in bulk.select(
            offre.Financeur, "action_id", list(self.action_by_id), columns=("action_id", "code_financeur")
        ):
            codes[row["action_id"]].append(row["code_financeur"].strip())
        return codes

    @cached_property
    def action_by_id(self) -> dict[int, dict]:
        return {action["id"]: action for action in self.actions}

    @cached_property
    def formation_by_id(self) -> dict[int, dict]:
        return {formation["id"]: formation for formation in self.formations}


def _group(rows: list[dict], key: str) -> dict[int, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped
