"""Staff pages of the métiers base: the métiers en tension flags (list, add, edit with history).
The ROME data itself is read-only, in the Django admin."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from efop.historique.history import object_history_context
from efop.metiers.models import MetierTension
from efop.referentiels.models import Region
from efop.web.espace.access import staff_required

from .forms import TensionForm

PAGE_SIZE = 50


@staff_required
@require_http_methods(["GET"])
def tensions(request):
    found = MetierTension.objects.select_related("rome", "region").order_by(
        "rome__code", "region__nom", "-annee"
    )
    region = request.GET.get("region", "")
    if region == "national":
        found = found.filter(region__isnull=True)
    elif region:
        found = found.filter(region__code=region)
    if code := request.GET.get("rome", "").strip().upper():
        found = found.filter(rome__code__startswith=code)
    query = "&".join(f"{name}={value}" for name, value in (("region", region), ("rome", code)) if value)
    return render(
        request,
        "metiers/gestion/tensions.html",
        {
            "title": "Métiers en tension",
            "page_obj": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
            "regions": Region.objects.active(),
            "region": region,
            "rome": code,
            "query": query,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def tension(request, pk: int | None = None):
    instance = (
        get_object_or_404(MetierTension.objects.select_related("rome", "region"), pk=pk) if pk else None
    )
    form = TensionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"« {saved} » enregistré.")
        return redirect("metiers-gestion:tension", pk=saved.pk)
    context = {
        "title": str(instance) if instance else "Signaler un métier en tension",
        "form": form,
        "tension": instance,
    }
    if instance:
        context.update(object_history_context(instance))
    return render(request, "metiers/gestion/tension.html", context)
