"""Who may reach what in the workspace. Every view goes through these: an organisation's user only
ever reaches the organisations they are an active member of, and the formations of those
organisations (`Formation.objects.visible_to`); staff reach everything. Anything else is a 404,
so that guessed ids reveal nothing."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from efop.offre.models import Formation
from efop.organismes.models import Organisme


def staff_required(view):
    """Documentalists and administrators only."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_documentaliste:
            raise PermissionDenied("Réservé à l'équipe du Carif-Oref.")
        return view(request, *args, **kwargs)

    return wrapped


def organismes_of(user):
    """The organisations `user` may act for: all for staff, else their active memberships."""
    if user.is_documentaliste:
        return Organisme.objects.all()
    return user.organismes()


def get_organisme(user, pk) -> Organisme:
    return get_object_or_404(organismes_of(user), pk=pk)


def get_formation(user, pk) -> Formation:
    return get_object_or_404(Formation.objects.visible_to(user), pk=pk)
