"""The public pages of the resources base: news and documents (/actualites/), the agenda of events
(/agenda/) and its iCalendar feed, each resource's page, and the newsletter's subscription,
confirmation and one-click unsubscribe (RFC 8058). Drafts and archived resources are a 404."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from efop.dispositifs.enums import DispositifStatus
from efop.ressources import ical, jetons, services
from efop.ressources.courriels import site_url
from efop.ressources.models import Ressource
from efop.web.public.jsonld import script

from .forms import AbonnementForm, ActualitesForm, AgendaForm

PAGE_SIZE = 20


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def actualites(request):
    form = ActualitesForm(request.GET)
    found = form.filter(Ressource.objects.publiees().documents().prefetch_related("themes"))
    page = Paginator(found.order_by("-date", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ressources/actualites.html",
        {
            "title": "Actualités et ressources"
            if form.is_valid()
            else "Erreur dans la recherche — Actualités",
            "description": "Actualités, études, textes juridiques, guides et vidéos de l'emploi, de la "
            "formation et de l'orientation professionnelles dans la région.",
            "form": form,
            "page_obj": page,
            "query": _query(request),
        },
    )


@require_GET
def agenda(request):
    form = AgendaForm(request.GET)
    found = form.filter(Ressource.objects.publiees().evenements().select_related("commune"))
    upcoming = Ressource.objects.a_venir()
    passes = form.is_valid() and form.cleaned_data["passes"]
    if passes:
        found = found.exclude(pk__in=upcoming.values("pk")).order_by("-debut", "-pk")
    else:
        found = found.filter(pk__in=upcoming.values("pk")).order_by("debut", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ressources/agenda.html",
        {
            "title": "Agenda" if form.is_valid() else "Erreur dans la recherche — Agenda",
            "description": "Webinaires, réunions d'information, forums emploi et portes ouvertes de la région.",
            "form": form,
            "page_obj": page,
            "passes": passes,
            "query": _query(request),
        },
    )


def _jsonld(ressource: Ressource, url: str):
    if ressource.is_evenement:
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": ressource.titre,
            "description": ressource.resume,
            "url": url,
            "startDate": ressource.debut.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/"
            + ("OnlineEventAttendanceMode" if not ressource.lieu else "OfflineEventAttendanceMode"),
            "location": {"@type": "VirtualLocation", "url": ressource.lien_en_ligne}
            if not ressource.lieu
            else {
                "@type": "Place",
                "name": ressource.lieu,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": ressource.lieu,
                    "addressLocality": ressource.commune.nom if ressource.commune else "",
                    "addressCountry": "FR",
                },
            },
        }
        if ressource.fin:
            data["endDate"] = ressource.fin.isoformat()
        if ressource.organisateur:
            data["organizer"] = {"@type": "Organization", "name": ressource.organisateur}
        return script(data)
    return script(
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": ressource.titre[:110],
            "description": ressource.resume,
            "url": url,
            "datePublished": ressource.date.isoformat(),
            "dateModified": ressource.updated_at.isoformat(),
            "about": [theme.nom for theme in ressource.themes.all()],
            **(
                {"publisher": {"@type": "Organization", "name": ressource.source_nom}}
                if ressource.source_nom
                else {}
            ),
        }
    )


@require_GET
def ressource(request, slug):
    found = get_object_or_404(
        Ressource.objects.publiees()
        .select_related("commune")
        .prefetch_related("themes", "pieces", "metiers", "dispositifs", "territoires"),
        slug=slug,
    )
    parent = (
        {"url": reverse("ressources:agenda"), "title": "Agenda"}
        if found.is_evenement
        else {"url": reverse("ressources:actualites"), "title": "Actualités et ressources"}
    )
    url = request.build_absolute_uri(found.get_absolute_url())
    return render(
        request,
        "ressources/ressource.html",
        {
            "title": found.titre,
            "description": found.resume[:300],
            "canonical": url,
            "ressource": found,
            "dispositifs": [d for d in found.dispositifs.all() if d.status == DispositifStatus.PUBLIE],
            "jsonld": _jsonld(found, url),
            "breadcrumb_data": {"links": [parent], "current": found.titre},
        },
    )


@require_GET
def evenements_ics(request):
    events = (
        Ressource.objects.publiees()
        .evenements()
        .filter(debut__gte=timezone.now() - timezone.timedelta(days=90))
        .prefetch_related("themes")
        .select_related("commune")
        .order_by("debut", "pk")
    )
    domain = urlsplit(settings.EFOP_SITE_URL).hostname or "efop"
    text = ical.calendar(events, lambda r: site_url(r.get_absolute_url()), domain, "Agenda EFOP")
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="evenements.ics"'
    return response


@require_http_methods(["GET", "POST"])
def abonnement(request):
    form = AbonnementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.abonner(form.cleaned_data["email"], form.cleaned_data["themes"])
        return render(
            request,
            "ressources/lettre_message.html",
            {
                "title": "Vérifiez votre messagerie",
                "message": f"Un message vient d'être envoyé à {form.cleaned_data['email']} : ouvrez le lien "
                "qu'il contient pour confirmer votre abonnement (il est valable 7 jours).",
            },
        )
    return render(
        request,
        "ressources/abonnement.html",
        {
            "title": "S'abonner à la lettre d'information" if not form.errors else "Erreur — Abonnement",
            "description": "Recevez chaque semaine les actualités et l'agenda de l'emploi et de la formation.",
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _message(request, title: str, message: str, status: int = 200):
    return render(
        request, "ressources/lettre_message.html", {"title": title, "message": message}, status=status
    )


@require_http_methods(["GET", "POST"])
def confirmation(request, token):
    """GET shows a button, POST confirms: a link-checker that opens the link confirms nothing."""
    try:
        pk, email = jetons.lire_confirmation(token)
    except jetons.JetonInvalide as error:
        return _message(request, "Lien de confirmation invalide", str(error), 400)
    if request.method == "POST":
        try:
            services.confirmer(pk, email)
        except services.Refus as refus:
            return _message(request, "Abonnement introuvable", str(refus), 404)
        return _message(request, "Abonnement confirmé", f"{email} recevra la prochaine lettre d'information.")
    return render(
        request, "ressources/confirmation.html", {"title": "Confirmer votre abonnement", "email": email}
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a form of ours
@require_http_methods(["GET", "POST"])
def desabonnement(request, token):
    try:
        pk, email = jetons.lire_desabonnement(token)
    except jetons.JetonInvalide as error:
        return _message(request, "Lien de désabonnement invalide", str(error), 400)
    if request.method == "POST":
        services.desabonner(pk, email)
        return _message(
            request,
            "Vous êtes désabonné",
            f"{email} ne recevra plus la lettre d'information. Vous pouvez vous réabonner à tout moment.",
        )
    return render(request, "ressources/desabonnement.html", {"title": "Se désabonner", "email": email})
