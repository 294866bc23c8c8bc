"""Expiry reminders: one e-mail to the staff listing the published schemes whose end date is past
or near, so that they are extended, updated or archived."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from efop.comptes.emails import send, site_url
from efop.comptes.enums import StaffRole
from efop.comptes.models import User

from .models import Dispositif

JOURS = 30  # schemes ending within this many days are listed


@dataclass
class Echeances:
    le: date
    jours: int
    expires: list[Dispositif]
    bientot: list[Dispositif]

    def __len__(self) -> int:
        return len(self.expires) + len(self.bientot)


def echeances(jours: int = JOURS, le: date | None = None) -> Echeances:
    le = le or timezone.localdate()
    found = list(Dispositif.objects.a_echeance(jours, le).order_by("fin", "nom"))
    return Echeances(le, jours, [d for d in found if d.fin < le], [d for d in found if d.fin >= le])


def destinataires() -> list[str]:
    """The documentalists' and administrators' addresses."""
    staff = User.objects.filter(
        is_active=True, role__in=[StaffRole.DOCUMENTALISTE, StaffRole.ADMINISTRATEUR]
    ).exclude(email="")
    return list(staff.order_by("email").values_list("email", flat=True))


def envoyer(jours: int = JOURS, le: date | None = None, dry_run: bool = False) -> Echeances:
    """Send the reminder (unless `dry_run` or nothing is due); returns what is due."""
    dues = echeances(jours, le)
    if dues and not dry_run:
        send(
            "dispositifs_echeances",
            destinataires(),
            echeances=dues,
            lien=site_url("dispositifs-gestion:liste") + "?echeance=1",
        )
    return dues
