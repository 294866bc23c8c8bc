"""Writes on plateaux techniques: the workspace and the moderation pages change them only through
these functions. Each change is recorded in the history (ORM signals, attributed to the user) and
each moderation decision is e-mailed to the organisation once committed.

brouillon ─submit→ en modération ─publish→ publié
                        └─send_back(message)→ retourné ─submit→ en modération…
A change by the organisation to a published plateau sends it back to moderation (it leaves the
public pages until staff accept it again); staff changes keep its state.
"""

from django.db import transaction
from django.utils import timezone

from efop.comptes.emails import site_url
from efop.comptes.models import may_publish
from efop.historique.context import acting
from efop.moderation import notifications
from efop.offre.models import Action
from efop.offre.saisie import espace_source

from .enums import PlateauStatus
from .models import ActionPlateau, PhotoPlateau, PlateauTechnique
from .photos import PHOTO_MAX_COUNT

REQUIRED = {
    "description": "une description",
    "adresse_code_insee_commune": "la commune du plateau",
    "formacodes": "au moins un domaine de formation (Formacode)",
}


class PlateauError(Exception):
    """A step that the plateau's state does not allow (the message says why and what to do, in French)."""


def new_plateau(organisme, user) -> PlateauTechnique:
    """An unsaved draft of `organisme`, entered in the workspace by `user`."""
    return PlateauTechnique(organisme=organisme, source=espace_source(), created_by=user)


@transaction.atomic
def save(plateau: PlateauTechnique, user) -> str:
    """Save what was entered; the message to show. An organisation's change to a published
    plateau puts it back before the staff."""
    with acting(user=user):
        if plateau.pk and plateau.is_published and not user.is_documentaliste:
            plateau.status = PlateauStatus.EN_MODERATION
            plateau.submitted_at = timezone.now()
            plateau.save()
            return (
                "Modification enregistrée : le plateau sera de nouveau visible après validation par le "
                "Carif-Oref."
            )
        plateau.save()
    return "Plateau technique enregistré."


def missing(plateau: PlateauTechnique) -> list[str]:
    return [what for name, what in REQUIRED.items() if not getattr(plateau, name)]


@transaction.atomic
def submit(plateau: PlateauTechnique, user) -> PlateauTechnique:
    if not plateau.may_submit:
        raise PlateauError("Seul un plateau en brouillon ou retourné par le Carif-Oref peut être soumis.")
    if not user.is_documentaliste and not may_publish(plateau.organisme):
        raise PlateauError(
            "Votre organisme ne peut pas encore soumettre de plateau : son adhésion doit d'abord être "
            "validée par le Carif-Oref."
        )
    if absent := missing(plateau):
        raise PlateauError(f"Avant de soumettre le plateau, indiquez {', '.join(absent)}.")
    with acting(user=user):
        plateau.status = PlateauStatus.EN_MODERATION
        plateau.submitted_at = timezone.now()
        plateau.save()
    return plateau


def _decide(plateau: PlateauTechnique, user, status: str, message: str) -> None:
    if plateau.status != PlateauStatus.EN_MODERATION:
        raise PlateauError("Ce plateau n'est pas en attente de modération : il a peut-être déjà été traité.")
    with acting(user=user):
        plateau.status = status
        plateau.message_moderation = message
        if status == PlateauStatus.PUBLIE:
            plateau.published_at = timezone.now()
        plateau.save()
    transaction.on_commit(lambda: notify(plateau))


@transaction.atomic
def publish(plateau: PlateauTechnique, user) -> PlateauTechnique:
    _decide(plateau, user, PlateauStatus.PUBLIE, "")
    return plateau


@transaction.atomic
def send_back(plateau: PlateauTechnique, user, message: str) -> PlateauTechnique:
    if not message.strip():
        raise PlateauError("Indiquez à l'organisme ce qu'il doit corriger.")
    _decide(plateau, user, PlateauStatus.RETOURNE, message.strip())
    return plateau


def notify(plateau: PlateauTechnique) -> bool:
    """E-mail the organisation's members the decision on their plateau."""
    name = "plateau_publie" if plateau.is_published else "plateau_retourne"
    return notifications.send(
        name, plateau.organisme, plateau=plateau, espace_url=site_url("espace:plateau", plateau.pk)
    )


@transaction.atomic
def delete(plateau: PlateauTechnique, user) -> None:
    """Delete a plateau never published (a draft, or one returned); its photos' files go too."""
    if plateau.status not in (PlateauStatus.BROUILLON, PlateauStatus.RETOURNE) or plateau.published_at:
        raise PlateauError(
            "Seul un brouillon jamais publié peut être supprimé ; pour un plateau publié, "
            "écrivez au Carif-Oref."
        )
    files = [photo.image for photo in plateau.photos.all()]
    with acting(user=user):
        plateau.delete()
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


@transaction.atomic
def add_photo(plateau: PlateauTechnique, user, image, texte_alternatif: str) -> PhotoPlateau:
    """Add a photo (validated by the form: an image of an accepted type and size)."""
    if plateau.photos.count() >= PHOTO_MAX_COUNT:
        raise PlateauError(
            f"Un plateau a au plus {PHOTO_MAX_COUNT} photos : supprimez-en une avant d'en ajouter."
        )
    position = (plateau.photos.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    photo = PhotoPlateau(plateau=plateau, texte_alternatif=texte_alternatif, position=position)
    photo.image = image
    with acting(user=user):
        photo.save()
        _changed(plateau, user)
    return photo


@transaction.atomic
def delete_photo(photo: PhotoPlateau, user) -> None:
    file, plateau = photo.image, photo.plateau
    with acting(user=user):
        photo.delete()
        _changed(plateau, user)
    transaction.on_commit(lambda: file.delete(save=False))


def _changed(plateau: PlateauTechnique, user) -> None:
    """A photo changed: like any change, a published plateau goes back to moderation."""
    if plateau.is_published and not user.is_documentaliste:
        save(plateau, user)


def linkable(action: Action):
    """The plateaux `action` may name: the published ones of its formation's responsable."""
    return PlateauTechnique.objects.published().filter(organisme=action.formation.responsable_id)


@transaction.atomic
def link(action: Action, user, plateaux) -> tuple[int, int]:
    """Make the plateaux named by `action` (a published formation's action, not a working copy)
    exactly `plateaux`, among `linkable(action)` (links to a plateau back in moderation are kept);
    (added, removed)."""
    allowed = set(linkable(action).values_list("pk", flat=True))
    wanted = {plateau.pk for plateau in plateaux}
    if stray := wanted - allowed:
        raise PlateauError(
            f"Plateau(x) n° {', '.join(map(str, sorted(stray)))} : une action ne peut nommer que les "
            "plateaux publiés de son organisme responsable."
        )
    current = {link.plateau_id: link for link in ActionPlateau.objects.filter(action=action)}
    added, removed = wanted - current.keys(), (current.keys() & allowed) - wanted
    with acting(user=user):
        for pk in added:
            ActionPlateau.objects.create(action=action, plateau_id=pk)
        for pk in removed:
            current[pk].delete()
    return len(added), len(removed)
