"""The newsletter's e-mails: the confirmation of a subscription and an issue, each in a text and
an HTML version (inline styles after the DSFR: e-mail clients ignore style sheets), an issue with
the List-Unsubscribe headers of a one-click unsubscribe (RFC 2369, RFC 8058)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import jetons


def site_url(path: str) -> str:
    return settings.EFOP_SITE_URL.rstrip("/") + path


def _message(subject: str, template: str, context: dict, to: str, headers=None) -> EmailMultiAlternatives:
    context = {**context, "site_url": settings.EFOP_SITE_URL.rstrip("/")}
    text = render_to_string(f"ressources/emails/{template}.txt", context)
    html = render_to_string(f"ressources/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, None, [to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def confirmation(abonne) -> EmailMultiAlternatives:
    lien = site_url(reverse("ressources:confirmation", args=[jetons.confirmation(abonne)]))
    return _message(
        "Confirmez votre abonnement à la lettre d'information", "confirmation", {"lien": lien}, abonne.email
    )


def contenu_lettre(lettre) -> dict:
    ressources = list(lettre.ressources.select_related("commune").order_by("type", "-date", "debut"))
    return {
        "lettre": lettre,
        "documents": [r for r in ressources if not r.is_evenement],
        "evenements": sorted((r for r in ressources if r.is_evenement), key=lambda r: r.debut),
    }


def lettre(lettre, abonne, contenu: dict | None = None) -> EmailMultiAlternatives:
    desabonnement = site_url(reverse("ressources:desabonnement", args=[jetons.desabonnement(abonne)]))
    headers = {
        "List-Unsubscribe": f"<{desabonnement}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "Lettre d'information <lettre.efop>",
    }
    context = {**(contenu or contenu_lettre(lettre)), "desabonnement": desabonnement}
    return _message(lettre.titre, "lettre", context, abonne.email, headers)
