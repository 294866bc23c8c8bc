"""Writes of the resources base that do more than save a form: publishing and archiving, the
review queue's decisions, subscriptions (double opt-in, unsubscribe, bounces) and the sending of
an issue in batches. Changes to resources, themes, watch sources and issues are recorded in the
change log by efop.historique's signals; a resource's links (themes, jobs, schemes, territories)
by `enregistrer`."""

import smtplib

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from efop.historique.enums import Operation
from efop.historique.recording import record

from . import courriels
from .enums import AbonneStatus, ElementStatus, EnvoiStatus, LettreStatus, RessourceStatus, TypeRessource
from .models import Abonne, ElementVeille, EnvoiLettre, Lettre, Ressource, Theme


class Refus(Exception):
    """A decision that cannot be taken now; the message says why and what to do."""


# --- resources ---------------------------------------------------------------------------------


LIENS = {"themes": "slug", "metiers": "code", "dispositifs": "slug", "territoires": "code"}


def relations(ressource: Ressource) -> dict[str, list[str]]:
    """The resource's many-to-many links by code (the change log records them like fields)."""
    if ressource.pk is None:
        return {name: [] for name in LIENS}
    return {name: sorted(getattr(ressource, name).values_list(key, flat=True)) for name, key in LIENS.items()}


@transaction.atomic
def enregistrer(form, user=None) -> Ressource:
    """Save a valid resource form (a new resource is `user`'s); its links are recorded here."""
    avant = relations(form.instance)
    ressource = form.save(commit=False)
    if ressource.pk is None:
        ressource.cree_par = user
    ressource.save()
    form.save_m2m()
    apres = relations(ressource)
    if champs := {name: [avant[name], value] for name, value in apres.items() if avant[name] != value}:
        record(ressource, Operation.MODIFICATION, champs)
    return ressource


def publier(ressource: Ressource) -> Ressource:
    ressource.full_clean()
    ressource.status = RessourceStatus.PUBLIE
    ressource.published_at = ressource.published_at or timezone.now()
    ressource.save()
    return ressource


def archiver(ressource: Ressource) -> Ressource:
    ressource.status = RessourceStatus.ARCHIVE
    ressource.save()
    return ressource


# --- the review queue --------------------------------------------------------------------------


@transaction.atomic
def accepter(element: ElementVeille, user=None) -> Ressource:
    """A draft news item made of the entry, with the source's themes; staff complete and publish it."""
    if element.status != ElementStatus.A_EXAMINER:
        raise Refus(f"« {element} » a déjà été traité ({element.get_status_display().lower()}).")
    ressource = Ressource.objects.create(
        titre=element.titre,
        type=TypeRessource.ACTUALITE,
        resume=element.resume or element.titre,
        source_nom=element.source.nom,
        source_url=element.lien,
        date=timezone.localdate(element.date) if element.date else timezone.localdate(),
        veille=element.source,
        cree_par=user,
    )
    ressource.themes.set(element.source.themes.all())
    element.status, element.ressource = ElementStatus.ACCEPTE, ressource
    element.decided_by, element.decided_at = user, timezone.now()
    element.save()
    return ressource


def rejeter(element: ElementVeille, user=None) -> None:
    if element.status != ElementStatus.A_EXAMINER:
        raise Refus(f"« {element} » a déjà été traité ({element.get_status_display().lower()}).")
    element.status = ElementStatus.REJETE
    element.decided_by, element.decided_at = user, timezone.now()
    element.save()


# --- subscriptions -----------------------------------------------------------------------------


def abonner(email: str, themes=()) -> Abonne:
    """Record the address (pending) and send the confirmation link; a confirmed subscriber only
    gets their themes updated. Nothing tells a visitor whether an address was already there."""
    email = email.strip().lower()
    with transaction.atomic():
        abonne, _ = Abonne.objects.get_or_create(email=email)
        abonne.themes.set(themes)
        if abonne.status != AbonneStatus.CONFIRME:
            abonne.status = AbonneStatus.EN_ATTENTE
            abonne.save(update_fields=["status"])
    if abonne.status == AbonneStatus.EN_ATTENTE:
        courriels.confirmation(abonne).send()
    return abonne


def _abonne(pk: int, email: str) -> Abonne | None:
    return Abonne.objects.filter(pk=pk, email=email).first()


def confirmer(pk: int, email: str) -> Abonne:
    abonne = _abonne(pk, email)
    if abonne is None:
        raise Refus("Cette adresse n'est plus inscrite : inscrivez-vous à nouveau.")
    if abonne.status != AbonneStatus.CONFIRME:
        abonne.status, abonne.confirmed_at = AbonneStatus.CONFIRME, timezone.now()
        abonne.unsubscribed_at = abonne.bounced_at = None
        abonne.bounce_reason = ""
        abonne.save()
    return abonne


def desabonner(pk: int, email: str) -> Abonne | None:
    abonne = _abonne(pk, email)
    if abonne is not None and abonne.status != AbonneStatus.DESABONNE:
        abonne.status, abonne.unsubscribed_at = AbonneStatus.DESABONNE, timezone.now()
        abonne.save(update_fields=["status", "unsubscribed_at"])
    return abonne


def enregistrer_rebond(email: str, raison: str) -> Abonne:
    """A bounce report (a « non-delivery » message read by staff or a mail system): the address gets
    no more issues until its owner subscribes again."""
    abonne = Abonne.objects.filter(email=email.strip().lower()).first()
    if abonne is None:
        raise Refus(f"Aucun abonné n'a l'adresse « {email} » : vérifiez-la dans le rapport d'erreur.")
    abonne.status, abonne.bounced_at, abonne.bounce_reason = AbonneStatus.EN_ERREUR, timezone.now(), raison
    abonne.save(update_fields=["status", "bounced_at", "bounce_reason"])
    return abonne


# --- sending an issue --------------------------------------------------------------------------


def destinataires(lettre: Lettre):
    """Confirmed subscribers who follow every theme (none chosen) or one of the issue's themes (or
    a broader theme above one of them)."""
    themes = set(Theme.objects.filter(ressources__lettres=lettre).values_list("pk", "parent_id").distinct())
    ids = {pk for pair in themes for pk in pair if pk}
    parents = ids
    while parents:  # the broader themes, up to the top
        parents = (
            set(
                Theme.objects.filter(pk__in=parents, parent__isnull=False).values_list("parent_id", flat=True)
            )
            - ids
        )
        ids |= parents
    return Abonne.objects.confirmes().filter(Q(themes__isnull=True) | Q(themes__in=ids)).distinct()


@transaction.atomic
def lancer_envoi(lettre: Lettre) -> int:
    """Prepare one sending per recipient; the queue sends them in batches. Returns how many."""
    lettre = Lettre.objects.select_for_update().get(pk=lettre.pk)
    if lettre.status != LettreStatus.BROUILLON:
        raise Refus(f"La lettre « {lettre} » est déjà {lettre.get_status_display().lower()}.")
    if not lettre.ressources.exists():
        raise Refus("La lettre ne contient aucune ressource : sélectionnez-en au moins une.")
    recipients = list(destinataires(lettre))
    if not recipients:
        raise Refus("Aucun abonné confirmé ne suit les thèmes de cette lettre : rien à envoyer.")
    EnvoiLettre.objects.bulk_create([EnvoiLettre(lettre=lettre, abonne=abonne) for abonne in recipients])
    lettre.status = LettreStatus.EN_COURS
    lettre.save()
    return len(recipients)


def envoyer_lot(lettre: Lettre, taille: int) -> int:
    """Send up to `taille` pending sendings over one SMTP connection; returns how many remain. A
    recipient the server refuses is marked as bounced and gets no more issues; a connection failure
    is raised (the queue tries again later) and leaves the unsent ones pending."""
    pending = list(
        lettre.envois.filter(status=EnvoiStatus.EN_ATTENTE, abonne__status=AbonneStatus.CONFIRME)
        .select_related("abonne")
        .order_by("pk")[:taille]
    )
    # subscribers who left between the preparation and their batch are not written to
    lettre.envois.filter(status=EnvoiStatus.EN_ATTENTE).exclude(abonne__status=AbonneStatus.CONFIRME).delete()
    contenu = courriels.contenu_lettre(lettre)
    with get_connection(fail_silently=False) as connection:
        for envoi in pending:
            message = courriels.lettre(lettre, envoi.abonne, contenu)
            message.connection = connection
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as refused:
                code, reason = next(iter(refused.recipients.values()))
                raison = f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
                envoi.status, envoi.erreur = EnvoiStatus.REJETE, raison
                enregistrer_rebond(envoi.abonne.email, raison)
            except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
                envoi.status, envoi.erreur = EnvoiStatus.ERREUR, str(error)
            else:
                envoi.status, envoi.sent_at = EnvoiStatus.ENVOYE, timezone.now()
            envoi.save(update_fields=["status", "erreur", "sent_at"])
    remaining = lettre.envois.filter(status=EnvoiStatus.EN_ATTENTE).count()
    lettre.refresh_from_db()
    if not remaining and lettre.status == LettreStatus.EN_COURS:
        lettre.status, lettre.sent_at = LettreStatus.ENVOYEE, timezone.now()
        lettre.save()
    return remaining
