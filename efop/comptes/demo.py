"""Demo accounts of the workspace: an organisation's admin and a documentalist (README)."""

from django.utils import timezone

from efop.organismes.models import Organisme

from .enums import AdhesionStatus, MemberRole, MembershipStatus, StaffRole
from .models import Adhesion, Membre, User
from .services import ensure_etablissement

ORGANISME_EMAIL = "organisme@demo.efop.fr"
DOCUMENTALISTE_EMAIL = "documentaliste@demo.efop.fr"
PASSWORD = "demo"


def _user(email: str, **fields) -> User:
    """The demo user, created with the demo password; an existing one is left as it is."""
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def demo_organisme() -> Organisme | None:
    """The responsable of a demo formation (generated flux first), with a SIRET."""
    responsables = Organisme.objects.with_siret().filter(formations__isnull=False).order_by("pk")
    return responsables.filter(formations__source__code="demo").first() or responsables.first()


def ensure_demo_accounts() -> Organisme | None:
    """Create (once) the two demo accounts; returns the demo user's organisation."""
    _user(
        DOCUMENTALISTE_EMAIL,
        first_name="Dominique",
        last_name="Documentaliste",
        role=StaffRole.DOCUMENTALISTE,
    )
    organisme = demo_organisme()
    if organisme is None:
        return None
    ensure_etablissement(organisme, organisme.siret, nom=str(organisme))
    user = _user(ORGANISME_EMAIL, first_name="Olivia", last_name="Organisme")
    Membre.objects.update_or_create(
        user=user, organisme=organisme, defaults={"role": MemberRole.ADMIN, "statut": MembershipStatus.ACTIF}
    )
    Adhesion.objects.get_or_create(
        organisme=organisme,
        defaults={
            "statut": AdhesionStatus.VALIDEE,
            "demandee_par": user,
            "numero_activite": organisme.numero_activite,
            "decidee_le": timezone.now(),
        },
    )
    return organisme
