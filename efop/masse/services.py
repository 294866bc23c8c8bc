"""Bulk changes: `preparer` checks the operation and previews it (count and fingerprint of every
change), `appliquer` makes exactly the previewed changes in one transaction — recorded in the
history in the name of the staff member, with the reason kept on the bulk change, and as staff
corrections (`Surcharge`) where the record comes from a partner flow —, `annuler` puts every
value back, or refuses when a record changed since."""

import hashlib
import json
from collections.abc import Iterator

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from efop.historique.context import acting
from efop.historique.models import Changement, Surcharge
from efop.historique.overrides import OVERRIDABLE
from efop.historique.recording import json_value
from efop.offre.models import Formation
from efop.selections.criteres import Criteres, CriteresInvalides
from efop.selections.enums import OrigineEtiquetage
from efop.selections.models import Etiquetage, Etiquette, RequeteSauvegardee

from . import operations
from .champs import MasseError
from .enums import EtatMasse
from .models import ChangementMasse, ModificationMasse
from .operations import ETIQUETAGE, Prevu

CONFLICTS_SHOWN = 5


def selection(modification: ModificationMasse) -> QuerySet:
    """The formations the bulk change is about: its saved query's, else its criteria's."""
    if modification.requete_id:
        return modification.requete.formations()
    try:
        return Criteres.from_json(modification.criteres).formations()
    except CriteresInvalides as error:
        raise MasseError(str(error)) from None


def prevus(modification: ModificationMasse) -> Iterator[Prevu]:
    return operations.prevus(modification.operation, modification.parametres, selection(modification))


def _fingerprint(changes: list[Prevu]) -> str:
    text = json.dumps([change.as_json() for change in changes], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def preparer(
    *,
    auteur,
    operation: str,
    parametres: dict,
    raison: str,
    requete: RequeteSauvegardee | None = None,
    criteres: dict | None = None,
) -> ModificationMasse:
    """A previewed bulk change (saved, nothing else written), or MasseError."""
    if not (auteur and auteur.is_documentaliste):
        raise MasseError("Les modifications en masse sont réservées à l'équipe du Carif-Oref.")
    if not (raison or "").strip():
        raise MasseError("Donnez la raison de cette modification : elle reste dans l'historique.")
    modification = ModificationMasse(
        requete=requete,
        criteres=(requete.criteres if requete else criteres) or {},
        operation=operation,
        parametres=operations.parametres(operation, parametres),
        raison=raison.strip(),
        auteur=auteur,
    )
    changes = list(prevus(modification))
    modification.nb_formations = selection(modification).filter(version_de__isnull=True).count()
    modification.nb_changements = len(changes)
    modification.empreinte = _fingerprint(changes)
    modification.save()
    return modification


def _surcharges(model, object_id: int, names) -> dict:
    if model._meta.label not in OVERRIDABLE:
        return {}
    stored = {
        s.champ: {"valeur": s.valeur, "valeur_source": s.valeur_source, "auteur_id": s.auteur_id}
        for s in Surcharge.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=object_id, champ__in=list(names)
        )
    }
    return {name: stored.get(name) for name in names}


def _restore_surcharges(model, done: ChangementMasse) -> None:
    content_type = ContentType.objects.get_for_model(model)
    for name, kept in (done.etat_avant.get("surcharges") or {}).items():
        key = {"content_type": content_type, "object_id": done.object_id, "champ": name}
        if kept is None:
            Surcharge.objects.filter(**key).delete()
        else:
            Surcharge.objects.update_or_create(**key, defaults={**kept, "formation_id": done.formation_id})


def _set(model, object_id: int, values: dict) -> object:
    """Save `values` ({field: JSON value}) on the row through the ORM (history and corrections)."""
    instance = model._base_manager.get(pk=object_id)
    for name, value in values.items():
        field = model._meta.get_field(name)
        setattr(instance, field.attname, field.to_python(value))
    updated = [*values, *(["updated_at"] if hasattr(instance, "updated_at") else [])]
    instance.save(update_fields=updated)
    return instance


def _apply(modification: ModificationMasse, change: Prevu, user) -> ChangementMasse:
    done = ChangementMasse(
        modification=modification,
        content_type=ContentType.objects.get_by_natural_key(*change.modele.lower().split(".")),
        formation_id=change.formation_id,
        libelle=change.libelle,
        champs=change.champs,
    )
    if change.modele == ETIQUETAGE:
        etiquette = Etiquette.objects.get(code=modification.parametres["etiquette"])
        if change.object_id is None:
            row = Etiquetage.objects.create(
                formation_id=change.formation_id,
                etiquette=etiquette,
                origine=OrigineEtiquetage.MANUELLE,
                auteur=user,
            )
        else:
            row = Etiquetage.objects.get(pk=change.object_id)
            done.etat_avant = {"auteur_id": row.auteur_id, "created_at": row.created_at.isoformat()}
            Etiquetage.objects.filter(pk=row.pk).delete()
        done.object_id = row.pk
        return done
    model = apps.get_model(change.modele)
    done.object_id = change.object_id
    done.etat_avant = {"surcharges": _surcharges(model, change.object_id, change.champs)}
    instance = _set(model, change.object_id, {name: new for name, (_, new) in change.champs.items()})
    done.changement = Changement.objects.for_object(instance).order_by("-id").first()
    return done


@transaction.atomic
def appliquer(modification: ModificationMasse, user) -> ModificationMasse:
    """Make the previewed changes, all or none; MasseError if the offer changed since the preview."""
    modification = ModificationMasse.objects.select_for_update().get(pk=modification.pk)
    if not (user and user.is_documentaliste):
        raise MasseError("Les modifications en masse sont réservées à l'équipe du Carif-Oref.")
    if modification.etat != EtatMasse.PREVISUALISEE:
        raise MasseError(f"Cette modification est déjà {modification.get_etat_display().lower()}.")
    changes = list(prevus(modification))
    if _fingerprint(changes) != modification.empreinte:
        raise MasseError(
            "L'offre a changé depuis l'aperçu : les changements ne sont plus ceux qui ont été montrés. "
            "Refaites l'aperçu puis confirmez."
        )
    with acting(user=user):
        ChangementMasse.objects.bulk_create([_apply(modification, change, user) for change in changes])
    modification.auteur = user
    modification.etat = EtatMasse.APPLIQUEE
    modification.appliquee_le = timezone.now()
    modification.save(update_fields=["auteur", "etat", "appliquee_le"])
    return modification


def _conflict(done: ChangementMasse) -> str | None:
    """Why `done` cannot be undone (the record changed since), or None."""
    model = done.content_type.model_class()
    if model._meta.label == ETIQUETAGE:
        old, new = done.champs["etiquette"]
        if new is not None:
            return (
                None if Etiquetage.objects.filter(pk=done.object_id).exists() else "l'étiquette a été retirée"
            )
        taken = Etiquetage.objects.filter(
            formation_id=done.formation_id, etiquette__code=old, origine=OrigineEtiquetage.MANUELLE
        )
        if taken.exists():
            return "l'étiquette a été reposée"
        return (
            None
            if Formation.objects.filter(pk=done.formation_id).exists()
            else "la formation a été supprimée"
        )
    row = model._base_manager.filter(pk=done.object_id).values(*done.champs).first()
    if row is None:
        return "l'enregistrement a été supprimé"
    for name, (_, new) in done.champs.items():
        now = json_value(row[name])
        if now != new:
            label = model._meta.get_field(name).verbose_name
            return f"« {label} » vaut maintenant « {now} » (et non « {new} »)"
    return None


def _undo(done: ChangementMasse, user) -> None:
    model = done.content_type.model_class()
    if model._meta.label == ETIQUETAGE:
        old, new = done.champs["etiquette"]
        if new is not None:
            Etiquetage.objects.filter(pk=done.object_id).delete()
            return
        row = Etiquetage.objects.create(
            id=done.object_id,
            formation_id=done.formation_id,
            etiquette=Etiquette.objects.get(code=old),
            origine=OrigineEtiquetage.MANUELLE,
            auteur_id=done.etat_avant["auteur_id"],
        )
        Etiquetage.objects.filter(pk=row.pk).update(created_at=done.etat_avant["created_at"])
        return
    _set(model, done.object_id, {name: old for name, (old, _) in done.champs.items()})
    _restore_surcharges(model, done)


@transaction.atomic
def annuler(modification: ModificationMasse, user) -> ModificationMasse:
    """Put back every value the bulk change replaced, all or none. Refused (MasseError naming the
    records) when one of them changed since: nothing is then written."""
    modification = ModificationMasse.objects.select_for_update().get(pk=modification.pk)
    if not (user and user.is_documentaliste):
        raise MasseError("Les modifications en masse sont réservées à l'équipe du Carif-Oref.")
    if modification.etat != EtatMasse.APPLIQUEE:
        raise MasseError("Seule une modification appliquée (et pas encore annulée) peut être annulée.")
    changes = list(modification.changements.select_related("content_type").order_by("-id"))
    conflicts = [(done, why) for done in changes if (why := _conflict(done))]
    if conflicts:
        shown = "; ".join(f"{done.libelle} : {why}" for done, why in conflicts[:CONFLICTS_SHOWN])
        more = f" (et {len(conflicts) - CONFLICTS_SHOWN} autres)" if len(conflicts) > CONFLICTS_SHOWN else ""
        raise MasseError(
            f"Annulation impossible : {len(conflicts)} enregistrement(s) ont changé depuis cette modification "
            f"— {shown}{more}. Annulez d'abord les modifications plus récentes ou corrigez ces "
            "enregistrements à la main."
        )
    with acting(user=user):
        for done in changes:
            _undo(done, user)
    modification.etat = EtatMasse.ANNULEE
    modification.annulee_le = timezone.now()
    modification.annulee_par = user
    modification.save(update_fields=["etat", "annulee_le", "annulee_par"])
    return modification
