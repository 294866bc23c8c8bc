"""The staff's pages of export profiles: profiles (perimeter, formats, schedule), their
subscribers and deliveries, per consumer what was delivered and when and what it picked up, and
the delivered files. Deliveries are made by the worker (`efop worker`)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from efop.api.models import Consommateur
from efop.flux.exports import taches
from efop.flux.models import Abonnement, FichierLivraison, Livraison, ProfilExport, Retrait
from efop.web.espace.access import staff_required

from .forms import AbonnementForm, ProfilForm

LIVRAISONS_PAGE = 50
RETRAITS_SHOWN = 100


def _crumbs(*links, current):
    return {
        "links": [{"url": reverse("exports:profils"), "title": "Profils d'export"}, *links],
        "current": current,
    }


@staff_required
@require_GET
def profils(request):
    listed = ProfilExport.objects.select_related("requete").annotate(
        abonnes=Count("abonnements", distinct=True),
        derniere=Max("abonnements__livraisons__created_at"),
    )
    consommateurs = (
        Consommateur.objects.filter(abonnements__isnull=False)
        .annotate(
            profils=Count("abonnements", distinct=True),
            derniere=Max("abonnements__livraisons__created_at"),
            dernier_retrait=Max("retraits__at"),
        )
        .order_by("nom")
    )
    context = {"title": "Profils d'export", "profils": listed, "consommateurs": consommateurs}
    return render(request, "exports/profils.html", context)


def _profil_page(request, profil, form, status=200):
    abonnements = profil.abonnements.select_related("consommateur").annotate(
        derniere=Max("livraisons__created_at"), retiree=Max("livraisons__acquittee_at")
    )
    livraisons = Livraison.objects.filter(abonnement__profil=profil).select_related(
        "abonnement__consommateur"
    )
    context = {
        "title": f"Profil d'export {profil}",
        "profil": profil,
        "abonnements": abonnements,
        "livraisons": livraisons.prefetch_related("fichiers")[:LIVRAISONS_PAGE],
        "form": form,
        "breadcrumb_data": _crumbs(current=str(profil)),
    }
    return render(request, "exports/profil.html", context, status=status)


@staff_required
@require_GET
def profil(request, code):
    profil = get_object_or_404(ProfilExport.objects.select_related("requete"), code=code)
    return _profil_page(request, profil, AbonnementForm(profil=profil))


@staff_required
@require_POST
def abonnement_new(request, code):
    profil = get_object_or_404(ProfilExport, code=code)
    form = AbonnementForm(request.POST, profil=profil)
    if not form.is_valid():
        return _profil_page(request, profil, form, status=400)
    abonnement = form.save()
    messages.success(request, f"{abonnement.consommateur} est abonné au profil « {profil} ».")
    return redirect("exports:profil", code=profil.code)


@staff_required
@require_http_methods(["GET", "POST"])
def profil_edit(request, code):
    profil = get_object_or_404(ProfilExport, code=code)
    form = ProfilForm(request.POST or None, instance=profil)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profil enregistré.")
        return redirect("exports:profil", code=profil.code)
    title = f"Modifier le profil {profil}"
    context = {
        "title": title,
        "form": form,
        "profil": profil,
        "breadcrumb_data": _crumbs(
            {"url": reverse("exports:profil", args=[profil.code]), "title": str(profil)}, current=title
        ),
    }
    return render(request, "exports/profil_form.html", context, status=400 if form.errors else 200)


@staff_required
@require_POST
def livrer(request, pk):
    abonnement = get_object_or_404(Abonnement.objects.select_related("profil", "consommateur"), pk=pk)
    complet = "complet" in request.POST
    taches.enqueue(abonnement, complet=complet)
    what = "Livraison complète (resynchronisation)" if complet else "Livraison"
    messages.success(
        request, f"{what} à {abonnement.consommateur} demandée : le worker la produit dans un instant."
    )
    return redirect("exports:profil", code=abonnement.profil.code)


@staff_required
@require_GET
def consommateur(request, pk):
    consommateur = get_object_or_404(Consommateur, pk=pk)
    livraisons = (
        Livraison.objects.of_consommateur(consommateur)
        .select_related("abonnement__profil")
        .prefetch_related("fichiers")
    )
    page = Paginator(livraisons, LIVRAISONS_PAGE).get_page(request.GET.get("page"))
    retraits = Retrait.objects.filter(consommateur=consommateur).select_related(
        "fichier__livraison__abonnement__profil"
    )
    context = {
        "title": f"Livraisons à {consommateur}",
        "consommateur": consommateur,
        "abonnements": consommateur.abonnements.select_related("profil"),
        "page_obj": page,
        "retraits": retraits[:RETRAITS_SHOWN],
        "breadcrumb_data": _crumbs(current=f"Consommateur {consommateur}"),
    }
    return render(request, "exports/consommateur.html", context)


@staff_required
@require_GET
def fichier(request, pk, nom):
    fichier = get_object_or_404(
        FichierLivraison.objects.select_related("livraison__abonnement__profil"), livraison=pk, nom=nom
    )
    if not fichier.path.is_file():
        raise Http404("Le fichier de cette livraison n'a pas été conservé.")
    return FileResponse(open(fichier.path, "rb"), as_attachment=True, filename=fichier.nom)  # noqa: SIM115
