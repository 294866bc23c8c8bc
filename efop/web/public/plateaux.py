"""The professionals' pages of the plateaux techniques (/pro/plateaux-techniques/): a public,
read-only search of the published plateaux for buyers (Région, France Travail) and organisations
looking for equipment to share, by Formacode domain, département or territoire, type, sharing and
words; and each plateau's page. Drafts and plateaux under moderation are a 404."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from dsfr.forms import DsfrBaseForm

from efop.plateaux.enums import TypePlateau
from efop.plateaux.models import PlateauTechnique
from efop.referentiels.models import PAYS_DE_LA_LOIRE, Departement, Territoire

PAGE_SIZE = 20


class PlateauSearchForm(DsfrBaseForm):
    q = forms.CharField(
        label="Mots", help_text="Intitulé, équipements, organisme…", max_length=200, required=False
    )
    formacode = forms.RegexField(
        label="Domaine de formation (Formacode)",
        help_text="Code Formacode, ou son début pour tout un domaine (ex. 215)",
        regex=r"^\d{2,5}$",
        error_messages={"invalid": "Tapez un code Formacode de 2 à 5 chiffres (ex. 21538, ou 215)."},
        required=False,
    )
    departement = forms.ModelChoiceField(
        label="Département",
        queryset=Departement.objects.active().filter(region__code=PAYS_DE_LA_LOIRE).order_by("code"),
        to_field_name="code",
        empty_label="Tous",
        required=False,
    )
    territoire = forms.ModelChoiceField(
        label="Territoire",
        queryset=Territoire.objects.all(),
        to_field_name="code",
        empty_label="Tous",
        required=False,
    )
    type = forms.ChoiceField(
        label="Type de plateau", choices=[("", "Tous"), *TypePlateau.choices], required=False
    )
    mutualisable = forms.BooleanField(label="Mutualisables seulement", required=False)

    def filter(self, plateaux):
        """The plateaux among `plateaux` that match the valid filters; none when a filter is wrong."""
        if not self.is_valid():
            return plateaux.none()
        data = self.cleaned_data
        if data["q"]:
            for word in data["q"].split():
                plateaux = plateaux.filter(
                    Q(intitule__icontains=word)
                    | Q(description__icontains=word)
                    | Q(equipements__icontains=word)
                    | Q(adresse_ville__icontains=word)
                    | Q(organisme__raison_sociale__icontains=word)
                )
        if data["formacode"]:
            plateaux = plateaux.with_formacode(data["formacode"])
        if data["departement"]:
            plateaux = plateaux.in_departement(data["departement"].code)
        if data["territoire"]:
            plateaux = plateaux.in_territoire(data["territoire"])
        if data["type"]:
            plateaux = plateaux.filter(type=data["type"])
        if data["mutualisable"]:
            plateaux = plateaux.filter(mutualisable=True)
        return plateaux


@require_GET
def plateaux(request):
    form = PlateauSearchForm(request.GET)
    found = form.filter(PlateauTechnique.objects.published().select_related("organisme"))
    page = Paginator(found.order_by("intitule", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/plateaux/plateaux.html",
        {
            "title": "Plateaux techniques"
            if form.is_valid()
            else "Erreur dans la recherche — Plateaux techniques",
            "description": "Les plateaux techniques des organismes de formation de la région : ateliers, "
            "simulateurs, cuisines pédagogiques, engins… et ceux qui peuvent être mutualisés.",
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
        },
    )


@require_GET
def plateau(request, pk: int):
    found = get_object_or_404(
        PlateauTechnique.objects.published().select_related("organisme", "source"), pk=pk
    )
    return render(
        request,
        "public/plateaux/plateau.html",
        {
            "title": found.intitule,
            "description": f"{found.get_type_display()} de {found.organisme} à {found.adresse_ville}.",
            "plateau": found,
            "photos": found.photos.all(),
            "breadcrumb_data": {
                "links": [{"url": reverse("public:plateaux"), "title": "Plateaux techniques"}],
                "current": found.intitule,
            },
        },
    )
