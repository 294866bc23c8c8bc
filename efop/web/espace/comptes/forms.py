"""Forms of the accounts pages. They check the input and say what to do; `efop.comptes.services`
applies it."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from dsfr.forms import DsfrBaseForm

from efop.comptes import services
from efop.comptes.enums import MemberRole, MembershipStatus
from efop.comptes.models import Invitation, Membre, User
from efop.comptes.validators import clean_nda, clean_siret, same_siren
from efop.organismes.models import Delegation, Etablissement, Organisme

SIRET_HELP = "14 chiffres, sans espace (par exemple 73282932000074)."


class SiretField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "SIRET")
        kwargs.setdefault("help_text", SIRET_HELP)
        super().__init__(max_length=20, **kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean(self, value):
        return clean_siret(super().clean(value))


class ConnexionForm(DsfrBaseForm, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": (
            "Adresse électronique ou mot de passe incorrect. Vérifiez-les (le mot de passe distingue "
            "les majuscules des minuscules) ou choisissez « Mot de passe oublié »."
        ),
        "inactive": "Ce compte est désactivé : contactez l'équipe du Carif-Oref.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Adresse électronique"
        self.fields["username"].widget.attrs["autocomplete"] = "email"

    def clean_username(self):
        # Addresses are stored in lower case; django-axes counts failures on this cleaned value, so
        # changing the case of the address does not reset the count either.
        return self.cleaned_data["username"].strip().lower()


class NouveauCompteForm(DsfrBaseForm, auth_forms.BaseUserCreationForm):
    """A new user. With `email` given (invitation) the address is fixed."""

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")

    def __init__(self, *args, email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if email:
            self.fields["email"].initial = email
            self.fields["email"].disabled = True

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                "Un compte existe déjà avec cette adresse : connectez-vous, ou choisissez « Mot de passe "
                "oublié » sur la page de connexion."
            )
        return email


def check_not_member(user: User | None, organisme: Organisme) -> None:
    if user is None:
        return
    statut = user.memberships.filter(organisme=organisme).values_list("statut", flat=True).first()
    if statut == MembershipStatus.ACTIF:
        raise ValidationError(f"Vous êtes déjà membre de {organisme} : retrouvez-le dans « Mes organismes ».")
    if statut == MembershipStatus.DEMANDE:
        raise ValidationError(
            f"Votre demande de rattachement à {organisme} attend déjà la réponse de ses administrateurs."
        )


class InscriptionOrganismeForm(DsfrBaseForm):
    siret = SiretField(
        help_text=f"Le SIRET de votre siège ou de l'établissement qui déclare l'activité. {SIRET_HELP}"
    )
    numero_activite = forms.CharField(
        label="Numéro de déclaration d'activité (NDA)",
        help_text="11 caractères, attribués par la DREETS (par exemple 52440123456).",
        max_length=20,
    )
    raison_sociale = forms.CharField(label="Raison sociale", max_length=255)

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_numero_activite(self):
        return clean_nda(self.cleaned_data["numero_activite"])

    def clean_siret(self):
        siret = self.cleaned_data["siret"]
        organisme = services.find_organisme(siret)
        if organisme:
            check_not_member(self.user, organisme)
        return siret

    def save(self, user: User) -> Membre:
        return services.inscrire(user, **self.cleaned_data)


class RejoindreForm(DsfrBaseForm):
    siret = SiretField(help_text=f"Le SIRET de l'organisme (ou de l'un de ses établissements). {SIRET_HELP}")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_siret(self):
        siret = self.cleaned_data["siret"]
        self.organisme = services.find_organisme(siret)
        if self.organisme is None:
            raise ValidationError(
                "Aucun organisme de la base n'a ce SIRET : inscrivez votre organisme avec son SIRET et "
                "son NDA (« Inscrire un organisme »)."
            )
        if not self.organisme.membres.admins().exists():
            raise ValidationError(
                f"{self.organisme} n'a pas encore d'administrateur dans l'espace : inscrivez-le avec son "
                "SIRET et son NDA (« Inscrire un organisme ») pour en devenir administrateur."
            )
        check_not_member(self.user, self.organisme)
        return siret

    def save(self) -> Membre:
        return services.demander_rattachement(self.user, self.organisme)


class ProfilForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name")


class MotDePasseForm(DsfrBaseForm, auth_forms.PasswordChangeForm):
    pass


class MotDePasseOublieForm(DsfrBaseForm, auth_forms.PasswordResetForm):
    pass


class NouveauMotDePasseForm(DsfrBaseForm, auth_forms.SetPasswordForm):
    pass


class InvitationForm(DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique de la personne invitée")
    role = forms.ChoiceField(
        label="Rôle", choices=MemberRole.choices, initial=MemberRole.EDITEUR, widget=forms.RadioSelect
    )

    def __init__(self, *args, organisme: Organisme, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisme = organisme

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if self.organisme.membres.active().filter(user__email__iexact=email).exists():
            raise ValidationError(f"{email} est déjà membre de {self.organisme}.")
        pending = self.organisme.invitations.pending().filter(email=email).first()
        if pending:
            raise ValidationError(
                f"Une invitation envoyée à {email} le {date_format(pending.created_at, 'j F Y')} est encore "
                "valable : attendez sa réponse, ou annulez-la pour en envoyer une nouvelle."
            )
        return email

    def save(self, by: User) -> Invitation:
        return services.inviter(self.organisme, by=by, **self.cleaned_data)


class DecisionForm(DsfrBaseForm):
    decision = forms.ChoiceField(choices=[("accepter", "Accepter"), ("refuser", "Refuser")])

    @property
    def accepte(self) -> bool:
        return self.cleaned_data["decision"] == "accepter"


class RoleForm(DsfrBaseForm):
    role = forms.ChoiceField(label="Rôle", choices=MemberRole.choices)


class AdhesionDecisionForm(DecisionForm):
    motif = forms.CharField(
        label="Motif du refus",
        help_text="Envoyé au demandeur : dites ce qui ne va pas et ce qu'il doit faire.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuser" and not cleaned.get("motif", "").strip():
            self.add_error("motif", "Indiquez le motif du refus : il est envoyé au demandeur.")
        return cleaned


class EtablissementForm(DsfrBaseForm, forms.ModelForm):
    siret = SiretField(help_text=f"Un SIRET de la même entreprise (mêmes 9 premiers chiffres). {SIRET_HELP}")

    class Meta:
        model = Etablissement
        fields = ("siret", "nom")

    def __init__(self, *args, organisme: Organisme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisme = organisme

    def clean_siret(self):
        siret = self.cleaned_data["siret"]
        organisme = self.instance.organisme
        if not organisme.siret or not same_siren(siret, organisme.siret):
            raise ValidationError(
                f"Ce SIRET n'appartient pas à l'entreprise de {organisme} (SIREN {organisme.siret[:9] or 'inconnu'}) : "
                "un établissement partage les 9 premiers chiffres du SIRET de son organisme."
            )
        owner = Etablissement.objects.filter(siret=siret).select_related("organisme").first()
        if owner:
            raise ValidationError(f"Cet établissement est déjà rattaché à {owner.organisme}.")
        return siret


class DelegationForm(DsfrBaseForm):
    siret = SiretField(label="SIRET de l'organisme formateur")
    peut_modifier = forms.BooleanField(
        label="Il peut modifier les actions qu'il dispense", required=False, initial=True
    )

    def __init__(self, *args, organisme: Organisme, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisme = organisme

    def clean_siret(self):
        siret = self.cleaned_data["siret"]
        self.formateur = services.find_organisme(siret)
        if self.formateur is None:
            raise ValidationError(
                "Aucun organisme de la base n'a ce SIRET : vérifiez-le, ou demandez au formateur de "
                "s'inscrire dans l'espace."
            )
        if self.formateur == self.organisme:
            raise ValidationError(
                "Ce SIRET est celui de votre propre organisme : saisissez celui du formateur."
            )
        return siret

    def save(self) -> Delegation:
        delegation, _ = Delegation.objects.update_or_create(
            responsable=self.organisme,
            formateur=self.formateur,
            defaults={"peut_modifier": self.cleaned_data["peut_modifier"]},
        )
        return delegation
