"""The search index: denormalised copies of the published offer, kept fresh by `indexer.refresh`.

- `FormationIndex`: one row per published formation with a session not known to be over; its
  text, already stemmed (see text.py), in two parts — the title, and everything else (objectives,
  contents, organisations, Formacode and ROME labels, certification titles). The full-text index
  over them (SQLite FTS5 table, PostgreSQL generated tsvector + GIN) is declared in the migration
  and queried through fulltext.py.
- `SessionIndex`: one row per session × training place (a session of an action without a place
  has one row without coordinates), with every filter column. A formation matches when one of its
  rows passes every filter.

Ids of the offer are plain columns, not foreign keys: the index never blocks the offer's writes.
"""

from datetime import date

from django.db import models
from django.db.models import Q

from .query import Modalite


class FormationIndex(models.Model):
    formation_id = models.BigIntegerField("formation", primary_key=True)
    titre = models.TextField("titre (racines)")
    corps = models.TextField("texte (racines)")

    class Meta:
        verbose_name = "formation indexée"
        verbose_name_plural = "formations indexées"

    def __str__(self) -> str:
        return f"Formation {self.formation_id}"


class SessionIndexQuerySet(models.QuerySet):
    def not_over(self, today: date):
        """Sessions not yet over: the end is today or later, or unknown (permanent entries)."""
        return self.filter(Q(fin__gte=today) | Q(fin__isnull=True))


class SessionIndex(models.Model):
    fiche = models.ForeignKey(
        FormationIndex, on_delete=models.CASCADE, db_column="formation_id", related_name="sessions"
    )
    action_id = models.BigIntegerField("action", db_index=True)
    session_id = models.BigIntegerField("session")
    debut = models.DateField("début", null=True, db_index=True)
    fin = models.DateField("fin", null=True, db_index=True)
    permanent = models.BooleanField("entrées permanentes ou dates inconnues", default=False)
    recrutement_ouvert = models.BooleanField("recrutement ouvert", null=True)
    latitude = models.FloatField("latitude", null=True)
    longitude = models.FloatField("longitude", null=True)
    code_insee = models.CharField("commune", max_length=5, blank=True, db_index=True)
    departement = models.CharField("département", max_length=3, blank=True, db_index=True)
    epci = models.CharField("EPCI", max_length=9, blank=True, db_index=True)
    modalite = models.CharField("modalité", max_length=20, choices=Modalite.choices, db_index=True)
    financements = models.BigIntegerField("financeurs (bits, voir codes.py)", default=0)
    alternance = models.SmallIntegerField("contrats en alternance (bits)", default=0)
    handicap = models.BooleanField("accessible aux personnes handicapées", default=False)
    niveau = models.SmallIntegerField("niveau de sortie (échelle européenne)", null=True, db_index=True)
    certifiante = models.BooleanField("certifiante", default=False)

    objects = SessionIndexQuerySet.as_manager()

    class Meta:
        verbose_name = "session indexée"
        verbose_name_plural = "sessions indexées"
        indexes = [models.Index(fields=["latitude", "longitude"], name="recherche_session_latlon")]

    def __str__(self) -> str:
        return f"Session {self.session_id} ({self.code_insee or '—'})"
