"""The rows of the offer the workspace edits, with one generic set of views for all: a formation's
actions, codes, certifications and contacts; an action's sessions, places, funders and trainers;
the contacts of a session and of a trainer.

Who may do what: a row is reached only through a formation the user may open (else 404), and
changed only if `can_edit` (else 403): a partner's flow is read-only for organisations, whose
data is corrected at the source."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from efop.moderation.workflow import formation_of
from efop.offre import copies, saisie
from efop.offre.enums import ContactRole, FormationStatus
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

from . import forms

CLOSED = {FormationStatus.RETIREE, FormationStatus.ARCHIVEE}


# How each kind of parent reaches its formation, and the kind whose rows they are.
FORMATION_PATHS = {
    "formation": "formation",
    "action": "action__formation",
    "session": "session__action__formation",
    "formateur": "formateur__action__formation",
}
PARENT_KINDS = {"action": "actions", "session": "sessions", "formateur": "formateurs"}


@dataclass(frozen=True)
class Kind:
    slug: str  # in URLs
    model: type
    parent: str  # "formation", "action", "session" or "formateur"
    form: type
    name: str  # what the user adds: "une action"
    plural: str
    children: tuple[str, ...] = ()  # kinds listed on a row's page
    roles: tuple[str, ...] = ()  # contacts: the roles of this kind (a new one takes the first)

    def rows(self, formations):
        return self._shown(self.model.objects.filter(**{f"{FORMATION_PATHS[self.parent]}__in": formations}))

    def under(self, parent):
        return self._shown(self.model.objects.filter(**{self.parent: parent}))

    def _shown(self, rows):
        return rows.filter(role__in=self.roles) if self.roles else rows

    def new_row(self, parent):
        row = self.model(**{self.parent: parent})
        row.position = saisie.next_position(self.model.objects.filter(**{self.parent: parent}))
        if hasattr(row, "cle"):  # a formation, action or session
            row.cle = copies.new_cle()
            saisie.stamped(row)
        if self.roles:  # a contact points to its formation whatever its parent
            row.role = self.roles[0]
            row.formation = formation_of(parent)
        return row


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "actions",
            Action,
            "formation",
            forms.ActionForm,
            "une action",
            "Actions",
            children=("sessions", "lieux", "financeurs", "formateurs"),
        ),
        Kind(
            "sessions",
            Session,
            "action",
            forms.SessionForm,
            "une session",
            "Sessions",
            children=("contacts-session",),
        ),
        Kind(
            "codes", FormationCode, "formation", forms.FormationCodeForm, "un code", "Formacode, ROME et NSF"
        ),
        Kind(
            "certifications",
            Certification,
            "formation",
            forms.CertificationForm,
            "une certification",
            "Certifications",
        ),
        Kind(
            "contacts",
            Contact,
            "formation",
            forms.ContactForm,
            "un contact",
            "Contacts",
            roles=(ContactRole.FORMATION, ContactRole.ORGANISME),
        ),
        Kind("lieux", LieuFormation, "action", forms.LieuForm, "un lieu de formation", "Lieux de formation"),
        Kind("financeurs", Financeur, "action", forms.FinanceurForm, "un financeur", "Financeurs"),
        Kind(
            "formateurs",
            ActionFormateur,
            "action",
            forms.FormateurForm,
            "un organisme formateur",
            "Organismes formateurs",
            children=("contacts-formateur",),
        ),
        Kind(
            "contacts-session",
            Contact,
            "session",
            forms.AttachedContactForm,
            "un contact de la session",
            "Contacts de la session",
            roles=(ContactRole.SESSION,),
        ),
        Kind(
            "contacts-formateur",
            Contact,
            "formateur",
            forms.AttachedContactForm,
            "un contact de l'organisme formateur",
            "Contacts de l'organisme formateur",
            roles=(ContactRole.FORMATEUR,),
        ),
    )
}
FORMATION_CHILDREN = ("actions", "codes", "certifications", "contacts")
PARENTS = {"formation": Formation, "action": Action}


class KindConverter:
    """<kind:…> in URLs: only the slugs of KINDS, so other workspace URLs stay free."""

    regex = "|".join(KINDS)

    def to_python(self, value: str) -> Kind:
        return KINDS[value]

    def to_url(self, value) -> str:
        return value.slug if isinstance(value, Kind) else value


def visible_formations(user):
    return Formation.objects.visible_to(user)


def get_row(user, kind: Kind, pk: int):
    return get_object_or_404(kind.rows(visible_formations(user)), pk=pk)


def get_parent(user, kind: Kind, pk: int):
    if kind.parent == "formation":
        return get_object_or_404(visible_formations(user), pk=pk)
    return get_row(user, KINDS[PARENT_KINDS[kind.parent]], pk)


def can_edit(user, formation: Formation) -> bool:
    if user.is_documentaliste:
        return True
    return saisie.is_entered_in_espace(formation) and formation.status not in CLOSED


def ensure_editable(user, row) -> Formation:
    formation = formation_of(row)
    if not can_edit(user, formation):
        if not saisie.is_entered_in_espace(formation):
            raise PermissionDenied(
                f"Cette formation est transmise par le flux « {formation.source} » : "
                "modifiez-la chez ce partenaire, ou demandez une correction au Carif-Oref."
            )
        raise PermissionDenied(f"Une formation {formation.get_status_display().lower()} ne se modifie plus.")
    return formation


def children(slugs, parent) -> list[tuple[Kind, list[tuple[object, str]]]]:
    """The rows under `parent`, by kind, each with its `label`, for its page."""
    return [(KINDS[slug], [(row, label(row)) for row in KINDS[slug].under(parent)]) for slug in slugs]


def _day(row, name: str) -> str:
    day = getattr(row, name)
    return f"{day:%d/%m/%Y}" if day else ""


def label(row) -> str:
    """How the workspace names a row: actions and sessions by what people know of them, not by
    their producer key."""
    if isinstance(row, Action):
        return f"Action n° {row.position + 1}" + (f" — {row.rythme[:60]}" if row.rythme else "")
    if isinstance(row, Session):
        debut, fin = _day(row, "debut"), _day(row, "fin")
        if debut and fin:
            return f"Session du {debut} au {fin}"
        return f"Session à partir du {debut}" if debut else "Session (dates à préciser)"
    return str(row)
