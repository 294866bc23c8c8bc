"""The newsletter end to end with a real SMTP server on loopback, through Django's SMTP backend:
subscribe → confirmation mail → confirm link → compose → send in batches by the queue → messages
with a text and an HTML part and the one-click unsubscribe headers → unsubscribe → not sent the
next time; a recipient the server refuses is recorded as bounced."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from efop.ressources import services, tasks
from efop.ressources.enums import AbonneStatus, EnvoiStatus, LettreStatus
from efop.ressources.models import Abonne, Lettre
from tests.conftest import drain

from .factories import EvenementFactory, RessourceFactory, ThemeFactory
from .servers import SmtpReceiver

REFUSED = "inconnu@exemple.fr"


@pytest.fixture
def smtp(settings):
    with SmtpReceiver(refused=[REFUSED]) as receiver:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", receiver.port
        settings.EMAIL_USE_TLS = False
        settings.EFOP_SITE_URL = "http://testserver"
        settings.EFOP_LETTRE_LOT = 2
        yield receiver


def _link(message, kind: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    (url,) = re.findall(rf"http://testserver(/lettre/{kind}/\S+/)", text)
    return url


def _subscribe(client: Client, smtp, email: str, themes=()) -> None:
    response = client.post("/lettre/abonnement/", {"email": email, "themes": [t.pk for t in themes]})
    assert response.status_code == 200
    assert "Vérifiez votre messagerie" in response.content.decode()
    (confirmation,) = smtp.to(email)
    assert confirmation["Subject"].strip() == "Confirmez votre abonnement à la lettre d'information"
    url = _link(confirmation, "confirmation")
    assert client.get(url).status_code == 200  # a page with a button: opening the link confirms nothing
    assert Abonne.objects.get(email=email).status == AbonneStatus.EN_ATTENTE
    response = client.post(url)
    assert "Abonnement confirmé" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_subscribe_confirm_send_in_batches_unsubscribe(smtp, queue):
    client = Client()
    emploi = ThemeFactory(nom="Emploi")
    recrutement = ThemeFactory(nom="Recrutement", parent=emploi)
    handicap = ThemeFactory(nom="Handicap")
    for email in ("ana@exemple.fr", "bruno@exemple.fr", "chloe@exemple.fr"):
        _subscribe(client, smtp, email)
    _subscribe(client, smtp, "denis@exemple.fr", themes=[emploi])  # follows a broader theme
    _subscribe(client, smtp, "eva@exemple.fr", themes=[handicap])  # not in this issue
    client.post("/lettre/abonnement/", {"email": "fanny@exemple.fr"})  # never confirms
    assert Abonne.objects.confirmes().count() == 5

    actualite = RessourceFactory(titre="Record d'entrées en apprentissage", themes=[recrutement])
    evenement = EvenementFactory(titre="Forum de l'alternance de Nantes")
    lettre = Lettre.objects.create(titre="La lettre de la semaine", introduction="Bonne lecture !")
    lettre.ressources.set([actualite, evenement])
    before = len(smtp.messages)
    assert tasks.envoyer(lettre) == 4
    assert drain(queue) == 2  # batches of 2: two tasks, the first queued the second

    lettre.refresh_from_db()
    assert lettre.status == LettreStatus.ENVOYEE and lettre.sent_at
    assert lettre.compteurs()[EnvoiStatus.ENVOYE] == 4
    received = smtp.messages[before:]
    assert sorted(r[0] for r, _ in received) == [
        "ana@exemple.fr",
        "bruno@exemple.fr",
        "chloe@exemple.fr",
        "denis@exemple.fr",
    ]
    message = smtp.to("bruno@exemple.fr")[-1]
    assert message["Subject"].strip() == "La lettre de la semaine"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    for part in (text, html):
        assert "Record d'entrées en apprentissage" in part.replace("&#x27;", "'")
        assert "Forum de l'alternance de Nantes" in part.replace("&#x27;", "'")
        assert actualite.get_absolute_url() in part
    assert "background:#000091" not in text and "#000091" in html  # DSFR blue, inline
    unsubscribe = _link(message, "desabonnement")
    assert message["List-Unsubscribe"].strip() == f"<http://testserver{unsubscribe}>"
    assert message["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"

    # RFC 8058: the mail client POSTs, without any cookie or CSRF token
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(message["List-Unsubscribe"].strip().strip("<>")).path, {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert Abonne.objects.get(email="bruno@exemple.fr").status == AbonneStatus.DESABONNE

    suivante = Lettre.objects.create(titre="La lettre suivante")
    suivante.ressources.set([actualite])
    before = len(smtp.messages)
    assert tasks.envoyer(suivante) == 3
    drain(queue)
    assert sorted(r[0] for r, _ in smtp.messages[before:]) == [
        "ana@exemple.fr",
        "chloe@exemple.fr",
        "denis@exemple.fr",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_refused_recipient_is_recorded_as_bounced(smtp, queue):
    for email in ("ana@exemple.fr", REFUSED):
        abonne = Abonne.objects.create(email=email)
        services.confirmer(abonne.pk, email)
    lettre = Lettre.objects.create(titre="Une lettre")
    lettre.ressources.set([RessourceFactory()])
    tasks.envoyer(lettre)
    drain(queue)
    refused = lettre.envois.get(abonne__email=REFUSED)
    assert refused.status == EnvoiStatus.REJETE
    assert "550" in refused.erreur
    assert Abonne.objects.get(email=REFUSED).status == AbonneStatus.EN_ERREUR
    assert lettre.envois.get(abonne__email="ana@exemple.fr").status == EnvoiStatus.ENVOYE
    assert [r for r, _ in smtp.messages] == [["ana@exemple.fr"]]
    lettre.refresh_from_db()
    assert lettre.status == LettreStatus.ENVOYEE


@pytest.mark.django_db
def test_a_bounce_report_through_the_command(capsys):
    abonne = Abonne.objects.create(email="ana@exemple.fr", status=AbonneStatus.CONFIRME)
    call_command("ressources", "lettre", "rebond", "Ana@Exemple.fr", "--raison", "boîte pleine", verbosity=0)
    abonne.refresh_from_db()
    assert (abonne.status, abonne.bounce_reason) == (AbonneStatus.EN_ERREUR, "boîte pleine")
    with pytest.raises(CommandError, match="Aucun abonné"):
        call_command("ressources", "lettre", "rebond", "personne@exemple.fr", verbosity=0)


@pytest.mark.django_db
def test_an_issue_is_refused_twice_empty_or_without_recipients(capsys):
    lettre = Lettre.objects.create(titre="Vide")
    with pytest.raises(CommandError, match="aucune ressource"):
        call_command("ressources", "lettre", "envoyer", str(lettre.pk), verbosity=0)
    lettre.ressources.set([RessourceFactory()])
    with pytest.raises(CommandError, match="Aucun abonné confirmé"):
        call_command("ressources", "lettre", "envoyer", str(lettre.pk), verbosity=0)
    Abonne.objects.create(email="ana@exemple.fr", status=AbonneStatus.CONFIRME)
    call_command("ressources", "lettre", "envoyer", str(lettre.pk), "--dry-run", verbosity=0)
    assert "1 destinataire" in capsys.readouterr().out
    call_command("ressources", "lettre", "envoyer", str(lettre.pk), verbosity=0)
    with pytest.raises(CommandError, match="déjà envoi en cours"):
        call_command("ressources", "lettre", "envoyer", str(lettre.pk), verbosity=0)
    assert mail.outbox == []  # the batches wait for the worker


@pytest.mark.django_db
def test_bad_or_expired_links_explain_themselves(settings):
    client = Client()
    response = client.get("/lettre/confirmation/abc/")
    assert response.status_code == 400
    assert "incomplet ou erroné" in response.content.decode()
    response = client.post("/lettre/desabonnement/abc/")
    assert response.status_code == 400
    response = client.post("/lettre/abonnement/", {"email": "pas-une-adresse"})
    assert response.status_code == 400
    assert "au format nom@domaine.fr" in response.content.decode()
    assert not Abonne.objects.exists()
