"""Lieux d'information: where people get advice on jobs and training (Missions locales, France
Travail agencies, Cap emploi, CIO, Points relais, CEP / SPRO operators…).

Entered and checked by staff (back office, CSV import: efop.lieux.services and .fichiers), public
once published: the search « près de chez moi », each place's page and the API."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify

from efop.recherche.engine import Centre, _haversine, bounding_box
from efop.referentiels.models import Commune, Territoire

from .enums import LieuStatus, Provenance, Public, Reseau, Service
from .horaires import JOURS, ExceptionHoraire, HoraireError, Horaires, format_creneaux, parse_creneaux


def _json_list_has(field: str, value: str) -> Q:
    """Rows whose JSON list of codes `field` holds `value`: the codes are quoted in the stored JSON
    (no JSON containment lookup on SQLite)."""
    return Q(**{f"{field}__icontains": f'"{value}"'})


class LieuInformationQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(status=LieuStatus.PUBLIE)

    def autour(self, latitude: float, longitude: float, rayon_km: float):
        """The places within `rayon_km` of the point, annotated with `distance_km`, nearest first."""
        centre = Centre(latitude, longitude, rayon_km)
        return (
            self.filter(bounding_box(centre))
            .annotate(distance_km=_haversine(centre))
            .filter(distance_km__lte=rayon_km)
            .order_by(F("distance_km").asc(), "nom", "pk")
        )

    def in_departements(self, codes):
        return self.filter(commune__departement__code__in=codes)

    def in_territoires(self, codes):
        communes = Territoire.communes.through.objects.filter(territoire__code__in=codes)
        return self.filter(commune__in=communes.values("commune"))

    def of_reseaux(self, codes):
        return self.filter(reseau__in=codes)

    def offering(self, codes):
        """Places offering any of the services `codes`."""
        condition = Q()
        for code in codes:
            condition |= _json_list_has("services", code)
        return self.filter(condition)

    def receiving(self, codes):
        """Places receiving any of the publics `codes` (« tout public » receives everyone)."""
        condition = _json_list_has("publics", Public.TOUT_PUBLIC) if codes else Q()
        for code in codes:
            condition |= _json_list_has("publics", code)
        return self.filter(condition)

    def matching(self, words: str):
        for word in words.split():
            self = self.filter(
                Q(nom__icontains=word)
                | Q(description__icontains=word)
                | Q(commune__nom__icontains=word)
                | Q(code_postal__startswith=word)
            )
        return self

    def not_verified_since(self, day: date):
        """Published places not verified since `day` (or never)."""
        return self.publies().filter(Q(verifie_le__isnull=True) | Q(verifie_le__lt=day))


class LieuInformation(models.Model):
    nom = models.CharField("nom", max_length=300)
    slug = models.SlugField(
        "adresse de la page",
        max_length=120,
        unique=True,
        blank=True,
        help_text="Vide : faite du nom et de la commune.",
    )
    status = models.CharField(
        "état", max_length=20, choices=LieuStatus.choices, default=LieuStatus.BROUILLON, db_index=True
    )
    reseau = models.CharField("réseau", max_length=30, choices=Reseau.choices, default=Reseau.AUTRE)
    description = models.TextField("présentation", blank=True)
    publics = models.JSONField(
        "publics accueillis", default=list, blank=True, help_text="Codes : " + ", ".join(Public.values)
    )
    services = models.JSONField(
        "services proposés", default=list, blank=True, help_text="Codes : " + ", ".join(Service.values)
    )
    adresse_lignes = models.TextField(
        "adresse", blank=True, help_text="Numéro, voie, bâtiment : une ligne chacun"
    )
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    coordonnees_commune = models.BooleanField(
        "coordonnées du centre de la commune",
        default=True,
        help_text="Sans coordonnées précises, le lieu est placé au centre de sa commune.",
    )
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    site_web = models.URLField("site web", blank=True)
    rdv_url = models.URLField("prise de rendez-vous en ligne", blank=True)
    accessible_pmr = models.BooleanField("accessible aux personnes à mobilité réduite", null=True, blank=True)
    boucle_magnetique = models.BooleanField("boucle magnétique (malentendants)", null=True, blank=True)
    accessibilite = models.TextField(
        "accessibilité : précisions", blank=True, help_text="Accès, stationnement, interprète LSF…"
    )
    horaires = models.JSONField(
        "horaires d'ouverture", default=dict, blank=True, help_text="Créneaux de chaque jour de la semaine"
    )
    exceptions_horaires = models.JSONField("fermetures et horaires exceptionnels", default=list, blank=True)
    verifie_le = models.DateField(
        "vérifié le", null=True, blank=True, help_text="Dernière vérification des informations auprès du lieu"
    )
    provenance = models.CharField(
        "provenance", max_length=20, choices=Provenance.choices, default=Provenance.SAISIE
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = LieuInformationQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu d'information"
        verbose_name_plural = "lieux d'information"
        ordering = ["nom"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="lieux_latlon")]

    def __str__(self) -> str:
        return self.nom

    @property
    def is_published(self) -> bool:
        return self.status == LieuStatus.PUBLIE

    @property
    def adresse(self) -> list[str]:
        lines = [line.strip() for line in self.adresse_lignes.splitlines() if line.strip()]
        if self.commune_id:
            lines.append(f"{self.code_postal} {self.commune.nom}".strip())
        return lines

    def horaires_lus(self) -> Horaires:
        return Horaires.from_json(self.horaires, self.exceptions_horaires)

    def publics_labels(self) -> list[str]:
        return [Public(code).label for code in self.publics if code in Public.values]

    def services_labels(self) -> list[str]:
        return [Service(code).label for code in self.services if code in Service.values]

    def clean(self):
        errors = {}
        for name, choices in (("publics", Public), ("services", Service)):
            codes = list(dict.fromkeys(getattr(self, name) or []))
            if unknown := [code for code in codes if code not in choices.values]:
                errors[name] = (
                    f"Code(s) inconnu(s) : {', '.join(map(str, unknown))}. Codes possibles : "
                    f"{', '.join(choices.values)}."
                )
            setattr(self, name, codes)
        try:
            self.horaires = {
                day: text
                for day in JOURS
                if (text := format_creneaux(parse_creneaux((self.horaires or {}).get(day, ""))))
            }
        except HoraireError as error:
            errors["horaires"] = str(error)
        try:
            exceptions = [ExceptionHoraire.from_json(item) for item in self.exceptions_horaires or []]
            self.exceptions_horaires = [item.to_json() for item in sorted(exceptions, key=lambda e: e.debut)]
        except (HoraireError, KeyError, TypeError, ValueError) as error:
            errors["exceptions_horaires"] = f"Exception illisible : {error}"
        try:
            self.geolocate()
        except ValidationError as error:
            errors["commune"] = error.messages
        if errors:
            raise ValidationError(errors)
        if not self.slug:
            self.slug = self.unique_slug()

    def geolocate(self) -> None:
        """Without coordinates of its own, a place sits at its commune's centre; the postcode is
        taken from the commune when it is not one of its own."""
        if self.commune_id is None:
            if self.coordonnees_commune:
                self.latitude = self.longitude = None
            return
        commune = self.commune
        if commune.codes_postaux_list and self.code_postal not in commune.codes_postaux_list:
            self.code_postal = commune.codes_postaux_list[0]
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Indiquez la latitude et la longitude ensemble, ou aucune des deux.")
        if self.latitude is None or self.coordonnees_commune:
            coordonnees = commune.coordonnees
            if coordonnees is None:
                raise ValidationError(
                    f"La commune {commune} n'a pas de coordonnées dans le référentiel : "
                    "indiquez la latitude et la longitude du lieu."
                )
            self.latitude, self.longitude = coordonnees
            self.coordonnees_commune = True

    def unique_slug(self) -> str:
        base = slugify(f"{self.nom} {self.commune.nom if self.commune_id else ''}")[:110] or "lieu"
        taken = set(
            LieuInformation.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug
