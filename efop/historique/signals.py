"""Every save or delete through the ORM of a tracked model (workspace, back office, commands) is
recorded. Bulk imports do not send signals: the importer records its own changes."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save

from . import overrides
from .enums import Operation
from .recording import diff, record, snapshot, stored_snapshot

TRACKED_MODELS = (
    "offre.Formation",
    "offre.Action",
    "offre.Session",
    "offre.Contact",
    "offre.FormationCode",
    "offre.Certification",
    "offre.LieuFormation",
    "offre.ActionFormateur",
    "offre.Financeur",
    "organismes.Organisme",
    "organismes.Etablissement",
    "organismes.ContactAnnuaire",  # the directory's loaders record their own changes
    "comptes.Membre",
    "plateaux.PlateauTechnique",
    "plateaux.PhotoPlateau",
    "plateaux.ActionPlateau",
    "dispositifs.Dispositif",
    "ressources.Ressource",
    "ressources.Theme",
    "ressources.PieceJointe",
    "ressources.SourceVeille",
    "ressources.ElementVeille",
    "ressources.Lettre",
    "flux.ProfilExport",
    "flux.Abonnement",
    "selections.Etiquette",
    "selections.RequeteSauvegardee",  # tags on formations (Etiquetage): efop.selections.services records them
    "lieux.LieuInformation",
    "archives.SourceFormationInitiale",
    "archives.Millesime",
    "metiers.MetierTension",
)


def _remember_stored(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._historique_before = stored_snapshot(instance)


def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_historique_before", None)
    if created or before is None:
        record(instance, Operation.CREATION)
    elif champs := diff(before, snapshot(instance)):
        record(instance, Operation.MODIFICATION, champs)
        overrides.record(instance, champs)
    instance._historique_before = None


def _record_delete(sender, instance, **kwargs):
    record(
        instance, Operation.SUPPRESSION, {name: [value, None] for name, value in snapshot(instance).items()}
    )


def connect() -> None:
    for label in TRACKED_MODELS:
        model = apps.get_model(label)
        pre_save.connect(_remember_stored, sender=model, dispatch_uid=f"historique-pre-{label}")
        post_save.connect(_record_save, sender=model, dispatch_uid=f"historique-post-{label}")
        post_delete.connect(_record_delete, sender=model, dispatch_uid=f"historique-del-{label}")
