"""The documentalists' moderation of plateaux techniques: the queue of submitted plateaux (oldest
first), a plateau as submitted, and the decisions (publish, or send back with a message)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from efop.plateaux import services
from efop.plateaux.enums import PlateauStatus
from efop.plateaux.models import PlateauTechnique
from efop.web.espace.access import staff_required

from .forms import ReturnForm

PAGE_SIZE = 25


def _submitted():
    return PlateauTechnique.objects.filter(status=PlateauStatus.EN_MODERATION).select_related("organisme")


@staff_required
@require_GET
def file(request):
    page = Paginator(_submitted().order_by("submitted_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "moderation/plateaux.html", {"title": "Plateaux techniques à modérer", "page_obj": page}
    )


def _page(request, plateau, *, status=200, return_form=None):
    context = {
        "title": f"Plateau technique : {plateau}",
        "plateau": plateau,
        "photos": plateau.photos.all(),
        "return_form": return_form or ReturnForm(),
        "breadcrumb_data": {
            "links": [{"url": reverse("moderation:plateaux"), "title": "Plateaux techniques à modérer"}],
            "current": str(plateau),
        },
    }
    return render(request, "moderation/plateau.html", context, status=status)


@staff_required
@require_GET
def plateau(request, pk):
    return _page(request, get_object_or_404(PlateauTechnique.objects.select_related("organisme"), pk=pk))


@staff_required
@require_POST
def publier(request, pk):
    found = get_object_or_404(PlateauTechnique, pk=pk)
    try:
        services.publish(found, request.user)
    except services.PlateauError as error:
        messages.error(request, str(error))
        return redirect("moderation:plateau", pk=pk)
    messages.success(request, f"« {found} » est publié ; l'organisme est prévenu.")
    return redirect("moderation:plateaux")


@staff_required
@require_POST
def retourner(request, pk):
    found = get_object_or_404(PlateauTechnique, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _page(request, found, status=422, return_form=form)
    try:
        services.send_back(found, request.user, form.cleaned_data["commentaire"])
    except services.PlateauError as error:
        messages.error(request, str(error))
        return redirect("moderation:plateau", pk=pk)
    messages.success(request, f"« {found} » est retourné à l'organisme avec votre message.")
    return redirect("moderation:plateaux")
