"""`{% resume_qualite formation %}`: a short quality summary on a workspace formation page (open
findings by level and the completeness score), linking to the full list."""

from django import template
from django.db.models import Count

from efop.qualite import reports
from efop.qualite.enums import Niveau
from efop.qualite.models import NIVEAUX_ORDER, Resultat

register = template.Library()


@register.inclusion_tag("qualite/_resume.html")
def resume_qualite(formation):
    counts = dict(
        Resultat.objects.filter(formation=formation)
        .without_derogation()
        .values_list("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    score, missing = reports.completude_of([formation.pk]).get(formation.pk, (None, []))
    return {
        "formation": formation,
        "par_niveau": [
            {"level": level, "label": Niveau(level).label, "count": counts[level]}
            for level in NIVEAUX_ORDER
            if counts.get(level)
        ],
        "score": score,
        "missing": missing,
    }
