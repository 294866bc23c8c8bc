"""E-mails to organisations: each moderation decision, and the reminders (efop.moderation.reminders).
Templates `moderation/emails/<name>.txt` whose first line is the subject, sent through Django's
mail backend to the active members of the organisation."""

from django.core.mail import send_mail
from django.template.loader import render_to_string

from efop.comptes.emails import site_url
from efop.comptes.models import Membre
from efop.organismes.models import Organisme

from .enums import SubmissionStatus
from .models import Soumission


def recipients(organisme: Organisme | None) -> list[str]:
    if organisme is None:
        return []
    return sorted(
        set(
            Membre.objects.active()
            .filter(organisme=organisme, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def send(name: str, organisme: Organisme | None, **context) -> bool:
    """Send e-mail `name` to the members of `organisme`; False when it has nobody to write to."""
    to = recipients(organisme)
    if not to:
        return False
    text = render_to_string(f"moderation/emails/{name}.txt", {"organisme": organisme, **context})
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, to)
    return True


DECISION_TEMPLATES = {SubmissionStatus.ACCEPTEE: "acceptee", SubmissionStatus.RETOURNEE: "retournee"}


def notify_decision(soumission: Soumission) -> bool:
    """Tell the organisation that its submission was accepted, or returned with the comment."""
    return send(
        DECISION_TEMPLATES[soumission.statut],
        soumission.organisme,
        soumission=soumission,
        formation=soumission.formation,
        espace_url=site_url("espace:formation", soumission.publiee_id or soumission.formation_id),
    )
