"""Suggestions while typing in the offer forms (htmx fills a field's <datalist>): communes,
Formacode / ROME / NSF codes, RNCP and RS certifications. For users logged in only."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from efop.offre.enums import CodeKind
from efop.recherche import autocomplete_formacode, autocomplete_rome
from efop.referentiels.models import Certification, Nsf
from efop.web.public import places

LIMIT = 10
MIN_LENGTH = 2


def _options(request, options):
    return render(request, "espace/offre/_options.html", {"options": options})


def _typed(request, name: str) -> str:
    text = request.GET.get(name, "").strip()
    return text if len(text) >= MIN_LENGTH else ""


@login_required
@require_GET
def communes(request):
    return _options(request, [(label, "") for label in places.suggest(_typed(request, "commune"))])


@login_required
@require_GET
def codes(request):
    text, kind = _typed(request, "code"), request.GET.get("kind")
    if not text:
        return _options(request, [])
    if kind == CodeKind.ROME:
        found = [(s.code, s.label) for s in autocomplete_rome(text, LIMIT)]
    elif kind == CodeKind.NSF:
        rows = Nsf.objects.active().filter(Q(code__startswith=text) | Q(libelle__icontains=text))
        found = list(rows.values_list("code", "libelle")[:LIMIT])
    else:
        found = [(s.code, s.label) for s in autocomplete_formacode(text, LIMIT)]
    return _options(request, found)


@login_required
@require_GET
def certifications(request):
    text = _typed(request, "certification")
    if not text:
        return _options(request, [])
    rows = (
        Certification.objects.active()
        .valides()
        .filter(type__in=("RNCP", "RS"))
        .filter(Q(code__istartswith=text.replace(" ", "")) | Q(intitule__icontains=text))
        .order_by("type", "code")
    )
    return _options(request, [(c.code, c.intitule) for c in rows[:LIMIT]])
