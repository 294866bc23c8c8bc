"""Forms of the offer entry. Each row form gives `values()`: the columns to hand to the moderation
workflow (an LHEO date fills its three columns, a commune fills the address, a raw `*_brut` column
takes the value typed)."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from dsfr.forms import DsfrBaseForm

from efop.lheo.conversions import code_niveau
from efop.offre import saisie
from efop.offre.enums import CodeKind, ContactRole
from efop.offre.models import (
    Action,
    ActionFormateur,
    Certification,
    Contact,
    Financeur,
    Formation,
    FormationCode,
    LieuFormation,
    Session,
)
from efop.organismes.models import Etablissement, Organisme
from efop.referentiels.enums import NiveauEuropeen
from efop.referentiels.models import Certification as CertificationReferentiel
from efop.referentiels.models import Formacode, LheoCode, Nsf, Rome
from efop.web.public import places
from efop.web.public.forms import DateInput, suggested

LHEO_VERSION = "2.3"
OBSOLETE = "Code(s) obsolète(s)"
_POSTCODE = re.compile(r"\b(\d{5})\b")
NIVEAUX = [
    ("", "—"),
    ("0", "Information non communiquée"),
    ("1", "Sans niveau spécifique"),
    *((code_niveau(int(n.value)), n.label) for n in NiveauEuropeen if n.value != "0"),
]


def lheo_choices(dictionnaire: str):
    """The codes of an LHEO 2.3 dictionary, read when the form is built."""

    def choices():
        codes = LheoCode.objects.active().of(dictionnaire, LHEO_VERSION).exclude(libelle=OBSOLETE)
        return [("", "—"), *((c.code, f"{c.libelle} ({c.code})") for c in codes.order_by("code"))]

    return choices


class LinesField(forms.CharField):
    """A list (phones, web sites, address lines…) typed one item a line."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Une valeur par ligne")
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


def fields_of(fieldsets) -> tuple[str, ...]:
    return tuple(name for _, names in fieldsets for name in names)


def formfield(db_field, **kwargs):
    if isinstance(db_field, models.JSONField):
        return LinesField(label=db_field.verbose_name.capitalize())
    if isinstance(db_field, models.DateField):
        kwargs.setdefault("widget", DateInput())
    if isinstance(db_field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    return db_field.formfield(**kwargs)


class RowForm(DsfrBaseForm, forms.ModelForm):
    """A form of one offer row. The instance given is a copy the form may change: the workflow
    compares the values with the stored row."""

    CHOICES: dict[str, object] = {}  # field → choices (an LHEO dictionary)
    FIELDSETS: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (legend, fields) to group a long form

    class Meta:
        formfield_callback = formfield  # inherited by the subclasses' forms

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name, choices in self.CHOICES.items():
            field = self.fields[name]
            self.fields[name] = forms.ChoiceField(
                label=field.label,
                help_text=field.help_text,
                choices=choices,
                required=False,
            )
        self._bound_fields_cache.clear()  # DsfrBaseForm bound the fields replaced above

    def fieldsets(self):
        if not self.FIELDSETS:
            return [("", list(self))]
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def datalists(self) -> list[str]:
        return [f.field.widget.attrs["list"] for f in self if "list" in f.field.widget.attrs]

    def values(self) -> dict:
        model = self._meta.model
        values = {}
        for name in self._meta.fields:
            value = self.cleaned_data[name]
            if isinstance(model._meta.get_field(name), models.DateField):
                values |= saisie.lheo_date(name, value)
                continue
            values[name] = value
            if hasattr(model, f"{name}_brut"):
                values[f"{name}_brut"] = "" if value is None else str(value)
        return values | self.extra_values()

    def extra_values(self) -> dict:
        """Columns the form fills from what was chosen (a commune, a certification…)."""
        return {}

    def follow_ups(self, row) -> list:
        """Further changes once `row` is saved; their workflow outcomes."""
        return []


class CommuneMixin:
    """A commune chooser that fills the postcode, département, INSEE code and coordinates of the
    address columns `<ADDRESS>_*`."""

    ADDRESS = "adresse"

    def add_commune_field(self):
        instance, prefix = self.instance, self.ADDRESS
        ville, codepostal = getattr(instance, f"{prefix}_ville"), getattr(instance, f"{prefix}_codepostal")
        self.fields["commune"] = forms.CharField(
            label="Commune",
            help_text="Nom ou code postal, puis choisissez dans la liste",
            required=False,
            max_length=120,
            initial=f"{ville} ({codepostal})" if ville else "",
            widget=suggested("commune-suggestions", "espace:suggestions-communes"),
        )

    def clean_commune(self):
        text = self.cleaned_data["commune"].strip()
        if not text:
            return None
        try:
            commune = places.resolve(text)
        except places.PlaceError as error:
            raise ValidationError(str(error)) from None
        typed = _POSTCODE.search(text)
        codes = commune.codes_postaux_list
        self.commune_codepostal = typed.group(1) if typed and typed.group(1) in codes else (codes or [""])[0]
        return commune

    def commune_values(self) -> dict:
        commune, prefix = self.cleaned_data.get("commune"), self.ADDRESS
        if commune is None:
            return {}
        latitude, longitude = commune.coordonnees or (None, None)
        return {
            f"{prefix}_ville": commune.nom,
            f"{prefix}_codepostal": self.commune_codepostal,
            f"{prefix}_code_insee_commune": commune.code_insee,
            f"{prefix}_departement": commune.departement.code,
            f"{prefix}_region": commune.region.code,
            f"{prefix}_latitude": None if latitude is None else Decimal(f"{latitude:.8f}"),
            f"{prefix}_longitude": None if longitude is None else Decimal(f"{longitude:.8f}"),
        }


class NewFormationForm(DsfrBaseForm):
    responsable = forms.ModelChoiceField(
        label="Organisme responsable",
        help_text="L'organisme qui porte la formation (titulaire du numéro de déclaration d'activité)",
        queryset=Organisme.objects.none(),
    )
    intitule = forms.CharField(label="Intitulé de la formation", max_length=500)

    def __init__(self, *args, organismes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsable"].queryset = organismes
        if len(organismes) == 1:
            self.fields["responsable"].initial = organismes[0]


FORMATION_FIELDSETS = (
    ("Présentation", ("intitule", "objectif", "resultats_attendus", "contenu", "urls")),
    (
        "Parcours et niveaux",
        ("certifiante", "objectif_general", "parcours", "code_niveau_entree", "code_niveau_sortie"),
    ),
)


class FormationForm(RowForm):
    CHOICES = {
        "parcours": lheo_choices("dict-type-parcours"),
        "objectif_general": lheo_choices("dict-AIS"),
        "code_niveau_entree": NIVEAUX,
        "code_niveau_sortie": NIVEAUX,
    }
    FIELDSETS = FORMATION_FIELDSETS

    class Meta(RowForm.Meta):
        model = Formation
        fields = fields_of(FORMATION_FIELDSETS)
        widgets = {"intitule": forms.TextInput}

    def clean_intitule(self):
        intitule = self.cleaned_data["intitule"].strip()
        if not intitule:
            raise ValidationError("L'intitulé est obligatoire.")
        return intitule


ACTION_FIELDSETS = (
    (
        "Public et conditions d'accès",
        (
            "info_public_vise",
            "niveau_entree_obligatoire",
            "conditions_specifiques",
            "modalites_recrutement",
            "code_perimetre_recrutement",
            "infos_perimetre_recrutement",
        ),
    ),
    (
        "Organisation et modalités",
        (
            "rythme",
            "modalites_enseignement",
            "modalites_entrees_sorties",
            "modalites_alternance",
            "modalites_pedagogiques",
            "langues",
            "urls",
        ),
    ),
    (
        "Durée",
        ("duree_indicative", "nombre_heures_centre", "nombre_heures_entreprise", "nombre_heures_total"),
    ),
    (
        "Prix et prise en charge",
        (
            "prix_horaire_ttc",
            "prix_total_ttc",
            "frais_restants",
            "prise_en_charge_frais_possible",
            "detail_conditions_prise_en_charge",
            "conventionnement",
            "duree_conventionnee",
        ),
    ),
    ("Accessibilité et vie pratique", ("acces_handicapes", "restauration", "hebergement", "transport")),
)
HEURES = ("nombre_heures_centre", "nombre_heures_entreprise", "nombre_heures_total")


class ActionForm(RowForm):
    CHOICES = {
        "modalites_enseignement": lheo_choices("dict-modalites-enseignement"),
        "modalites_entrees_sorties": lheo_choices("dict-modalites-es"),
        "code_perimetre_recrutement": lheo_choices("dict-perimetre-recrutement"),
    }
    FIELDSETS = ACTION_FIELDSETS

    class Meta(RowForm.Meta):
        model = Action
        fields = fields_of(ACTION_FIELDSETS)

    def clean(self):
        cleaned = super().clean()
        centre, entreprise, total = (cleaned.get(name) for name in HEURES)
        if None not in (centre, entreprise, total) and centre + entreprise > total:
            self.add_error(
                "nombre_heures_total", "Le total est inférieur aux heures en centre et en entreprise."
            )
        return cleaned


SESSION_FIELDSETS = (
    ("Dates", ("debut", "fin", "inscription_debut", "inscription_fin", "etat_recrutement")),
    (
        "Inscription",
        (
            "modalites_inscription",
            "adresse_inscription_denomination",
            "adresse_inscription_lignes",
            "commune",
            "urls",
        ),
    ),
)


class SessionForm(CommuneMixin, RowForm):
    ADDRESS = "adresse_inscription"
    CHOICES = {"etat_recrutement": lheo_choices("dict-etat-recrutement")}
    FIELDSETS = SESSION_FIELDSETS

    class Meta(RowForm.Meta):
        model = Session
        fields = tuple(name for name in fields_of(SESSION_FIELDSETS) if name != "commune")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_commune_field()
        self.fields["fin"].help_text = "Laissez vide si la session n'a pas de fin fixée"

    def clean(self):
        cleaned = super().clean()
        for debut, fin in (("debut", "fin"), ("inscription_debut", "inscription_fin")):
            if cleaned.get(debut) and cleaned.get(fin) and cleaned[fin] < cleaned[debut]:
                self.add_error(fin, "Cette date précède la date de début.")
        return cleaned

    def extra_values(self) -> dict:
        return self.commune_values()


class FormationCodeForm(RowForm):
    REFERENTIELS = {CodeKind.FORMACODE: Formacode, CodeKind.NSF: Nsf, CodeKind.ROME: Rome}

    class Meta(RowForm.Meta):
        model = FormationCode
        fields = ("kind", "code", "principal")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.required = True
        code.help_text = "Tapez un code ou des mots du libellé, puis choisissez dans la liste"
        code.widget = suggested("code-suggestions", "espace:suggestions-codes")
        code.widget.attrs["hx-include"] = "[name='kind']"

    def clean(self):
        cleaned = super().clean()
        kind, code = cleaned.get("kind"), cleaned.get("code", "").strip().upper()
        if kind and code:
            if not self.REFERENTIELS[kind].objects.active().filter(code=code).exists():
                self.add_error(
                    "code", f"Le code {CodeKind(kind).label} « {code} » n'existe pas dans le référentiel."
                )
            cleaned["code"] = code
        return cleaned


class CertificationForm(RowForm):
    certification = forms.CharField(
        label="Certification (RNCP ou RS)",
        help_text="Code (RNCP34001, RS5678) ou mots de l'intitulé, puis choisissez dans la liste",
        max_length=300,
        widget=suggested("certification-suggestions", "espace:suggestions-certifications"),
    )

    class Meta(RowForm.Meta):
        model = Certification
        fields = ("code_certifinfo", "code_cpf")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        row = self.instance
        if row.code_rncp or row.code_rs:
            self.fields["certification"].initial = (
                f"RNCP{row.code_rncp}" if row.code_rncp else f"RS{row.code_rs}"
            )

    def clean_certification(self):
        code = (
            self.cleaned_data["certification"].split()[0].upper()
            if self.cleaned_data["certification"].split()
            else ""
        )
        found = (
            CertificationReferentiel.objects.active()
            .filter(type__in=("RNCP", "RS"), code__iexact=code)
            .first()
        )
        if found is None:
            raise ValidationError(
                f"Aucune fiche RNCP ou RS « {code} » : choisissez une certification de la liste."
            )
        return found

    def extra_values(self) -> dict:
        return saisie.certification_codes(self.cleaned_data["certification"])

    def follow_ups(self, row) -> list:
        return saisie.fill_from_certification(
            self.user, row.formation, row, self.cleaned_data["certification"]
        )


class ContactForm(RowForm):
    CHOICES = {"type_contact": lheo_choices("dict-type-contact")}

    class Meta(RowForm.Meta):
        model = Contact
        fields = (
            "role",
            "type_contact",
            "civilite",
            "nom",
            "prenom",
            "telfixe",
            "portable",
            "courriel",
            "web",
        )
        widgets = {"courriel": forms.EmailInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            self.fields["role"].choices = [
                (role.value, role.label) for role in (ContactRole.FORMATION, ContactRole.ORGANISME)
            ]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("nom", "telfixe", "portable", "courriel")):
            raise ValidationError("Indiquez au moins un nom, un téléphone ou un courriel.")
        return cleaned


class AttachedContactForm(ContactForm):
    """A contact of a session or of an organisme formateur: its role follows from where it is."""

    class Meta(ContactForm.Meta):
        fields = tuple(name for name in ContactForm.Meta.fields if name != "role")


class FinanceurForm(RowForm):
    CHOICES = {"code_financeur": lheo_choices("dict-financeurs")}

    class Meta(RowForm.Meta):
        model = Financeur
        fields = ("code_financeur", "nb_places_financees")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code_financeur"].required = True


class LieuForm(CommuneMixin, RowForm):
    etablissement = forms.ModelChoiceField(
        label="Établissement de l'organisme",
        help_text="Reprend son nom, son SIRET et son adresse",
        queryset=Etablissement.objects.none(),
        required=False,
    )

    class Meta(RowForm.Meta):
        model = LieuFormation
        fields = ("nom", "principal", "siret", "code_uai", "adresse_lignes", "telfixe", "courriel")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["etablissement"].queryset = Etablissement.objects.filter(
            organisme=self.instance.action.formation.responsable_id
        )
        self.add_commune_field()
        self.fields["commune"].help_text += " (sauf si vous choisissez un établissement)"

    def clean_siret(self):
        siret = re.sub(r"\s", "", self.cleaned_data["siret"])
        if siret and not (siret.isdigit() and len(siret) == 14):
            raise ValidationError("Un SIRET compte 14 chiffres.")
        return siret

    def extra_values(self) -> dict:
        etablissement = self.cleaned_data.get("etablissement")
        values = self.commune_values()
        if etablissement is not None:
            values |= {
                f"adresse_{column}": getattr(etablissement, f"adresse_{column}")
                for column in (
                    "lignes",
                    "codepostal",
                    "ville",
                    "departement",
                    "code_insee_commune",
                    "region",
                    "latitude",
                    "longitude",
                )
            }
            values |= {
                "siret": etablissement.siret,
                "siret_brut": etablissement.siret,
                "code_uai": etablissement.code_uai,
            }
            values["nom"] = self.cleaned_data["nom"] or etablissement.nom
        return values


class FormateurForm(RowForm):
    siret_organisme = forms.CharField(
        label="SIRET de l'organisme formateur", max_length=20, help_text="14 chiffres"
    )

    class Meta(RowForm.Meta):
        model = ActionFormateur
        fields = ("raison_sociale", "code_uai")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.organisme_id:
            self.fields["siret_organisme"].initial = self.instance.organisme.siret
        else:
            self.fields["siret_organisme"].initial = self.instance.action.formation.responsable.siret

    def clean_siret_organisme(self):
        siret = re.sub(r"\s", "", self.cleaned_data["siret_organisme"])
        organisme = (
            Organisme.objects.filter(siret=siret).first()
            or Organisme.objects.filter(etablissements__siret=siret).first()
        )
        if organisme is None:
            raise ValidationError(
                f"Aucun organisme connu avec le SIRET {siret} : il doit d'abord s'inscrire, "
                "ou contactez le Carif-Oref."
            )
        return organisme

    def extra_values(self) -> dict:
        return {"organisme": self.cleaned_data["siret_organisme"]}


# Productivity ---------------------------------------------------------------------------------


class MonthlySessionsForm(DsfrBaseForm):
    premier_debut = forms.DateField(label="Début de la première session", widget=DateInput())
    dernier_debut = forms.DateField(
        label="Début de la dernière session au plus tard",
        widget=DateInput(),
        help_text="Une session par mois, le même jour du mois",
    )
    duree_jours = forms.IntegerField(
        label="Durée de chaque session (en jours)", min_value=1, max_value=3660, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                self.periodes = saisie.monthly_periodes(
                    cleaned["premier_debut"], cleaned["dernier_debut"], cleaned.get("duree_jours")
                )
            except saisie.SaisieError as error:
                self.add_error("dernier_debut", str(error))
        return cleaned


class DatesSessionsForm(DsfrBaseForm):
    dates = forms.CharField(
        label="Dates des sessions",
        help_text="Une par ligne ou séparées par des virgules : « 15/09/2025 » ou « 15/09/2025 au 30/06/2026 »",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    duree_jours = forms.IntegerField(
        label="Durée de chaque session (en jours)",
        help_text="Pour les dates données sans fin",
        min_value=1,
        max_value=3660,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        # Shown beside MonthlySessionsForm, which has a duree_jours field too: ids of its own.
        kwargs.setdefault("auto_id", "id_dates_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if "dates" in cleaned:
            try:
                self.periodes = saisie.parse_periodes(cleaned["dates"], cleaned.get("duree_jours"))
            except saisie.SaisieError as error:
                self.add_error("dates", str(error))
        return cleaned
