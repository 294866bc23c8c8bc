"""E-mails of the workspace, written as templates `comptes/emails/<name>.txt` whose first line is
the subject. Sent through Django's mail backend (console by default, SMTP by settings)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


def site_url(name: str, *args) -> str:
    """The absolute address of a page, for links in e-mails (no request at hand in services)."""
    return settings.EFOP_SITE_URL.rstrip("/") + reverse(name, args=args)


def send(name: str, recipients, **context) -> None:
    recipients = [email for email in recipients if email]
    if not recipients:
        return
    subject, _, body = render_to_string(f"comptes/emails/{name}.txt", context).strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, recipients)
