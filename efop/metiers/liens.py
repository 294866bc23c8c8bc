"""Formation ↔ job links, computed from the codes the formation carries, strongest first:

1. a ROME code the producer gave in the formation's `domaine-formation`;
2. a ROME code of a certification the formation prepares (RNCP, RS or Certif Info record of the
   référentiel `Certification`);
3. a Formacode of the formation that the Formacode ↔ ROME correspondence pairs with the job.

Computed live, never stored: one query with three EXISTS on indexed columns answers a job page,
and the links then follow every import, edit, withdrawal or quality block of the offer (and every
new load of the référentiels) with no table to refresh.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from efop.offre.enums import CodeKind
from efop.offre.models import Certification as OffreCertification
from efop.offre.models import Formation, FormationCode
from efop.referentiels.enums import TypeCertification
from efop.referentiels.models import Certification, Rome

from .enums import RaisonLien
from .models import CorrespondanceFormacode

POIDS = {RaisonLien.ROME: 4, RaisonLien.CERTIFICATION: 2, RaisonLien.FORMACODE: 1}


def _certification_codes(certifications) -> Q:
    """offre certifications citing one of the référentiel `certifications` (RNCP and RS codes with
    or without their prefix, as producers write them)."""
    columns = {
        TypeCertification.RNCP: "code_rncp",
        TypeCertification.RS: "code_rs",
        TypeCertification.CERTIFINFO: "code_certifinfo",
    }
    codes: dict[str, set[str]] = {column: set() for column in columns.values()}
    for type_, code in certifications.values_list("type", "code"):
        codes[columns[type_]] |= {code, code.removeprefix(type_)}
    return reduce(or_, (Q(**{f"{column}__in": sorted(values)}) for column, values in codes.items()))


_ANNOTATIONS = {
    RaisonLien.ROME: "par_rome",
    RaisonLien.CERTIFICATION: "par_certification",
    RaisonLien.FORMACODE: "par_formacode",
}


def formations_du_metier(rome: Rome) -> QuerySet[Formation]:
    """The diffused formations leading to the job, ranked by `score` then title, each annotated
    with the booleans `par_rome`, `par_certification` and `par_formacode` (see `raisons`)."""
    codes = FormationCode.objects.filter(formation=OuterRef("pk"))
    certifications = Certification.objects.active().for_rome(rome.code)
    formacodes = CorrespondanceFormacode.objects.retenues().filter(code_rome=rome.code).values("formacode")
    flags = {
        RaisonLien.ROME: Exists(codes.filter(kind=CodeKind.ROME, code=rome.code)),
        RaisonLien.CERTIFICATION: Exists(
            OffreCertification.objects.filter(_certification_codes(certifications), formation=OuterRef("pk"))
        ),
        RaisonLien.FORMACODE: Exists(codes.filter(kind=CodeKind.FORMACODE, code__in=formacodes)),
    }
    found = Formation.objects.diffusees().annotate(
        **{_ANNOTATIONS[raison]: flag for raison, flag in flags.items()}
    )
    found = found.filter(reduce(or_, (Q(**{name: True}) for name in _ANNOTATIONS.values())))
    score = sum(
        (
            Case(When(**{name: True}, then=Value(POIDS[raison])), default=Value(0))
            for raison, name in _ANNOTATIONS.items()
        ),
        Value(0),
    )
    return found.annotate(score=score).order_by("-score", "intitule", "pk")


def raisons(formation) -> list[RaisonLien]:
    """The reasons of a formation of `formations_du_metier`, strongest first."""
    return [raison for raison, name in _ANNOTATIONS.items() if getattr(formation, name)]


@dataclass
class LienMetier:
    rome: Rome
    raisons: list[RaisonLien] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(POIDS[raison] for raison in self.raisons)


def metiers_de_formation(formation: Formation) -> list[LienMetier]:
    """The jobs a formation leads to, strongest link first, then by code. Reads the formation's
    codes and certifications through `.all()`: prefetched ones cost no query."""
    codes = [(code.kind, code.code) for code in formation.codes.all()]
    romes_by_reason = {
        RaisonLien.ROME: {code for kind, code in codes if kind == CodeKind.ROME},
        RaisonLien.CERTIFICATION: set(
            Certification.objects.active()
            .filter(_referentiel_certifications(formation))
            .values_list("romes__code", flat=True)
        )
        - {None},
        RaisonLien.FORMACODE: set(
            CorrespondanceFormacode.objects.retenues()
            .filter(formacode__in=[code for kind, code in codes if kind == CodeKind.FORMACODE])
            .values_list("code_rome", flat=True)
        ),
    }
    romes = (
        Rome.objects.active()
        .select_related("metier")
        .in_bulk(set().union(*romes_by_reason.values()), field_name="code")
    )
    liens: dict[str, LienMetier] = {}
    for raison, found in romes_by_reason.items():
        for code in sorted(found):
            if code in romes:
                liens.setdefault(code, LienMetier(romes[code])).raisons.append(raison)
    return sorted(liens.values(), key=lambda lien: (-lien.score, lien.rome.code))


def _referentiel_certifications(formation: Formation) -> Q:
    """The référentiel certifications the formation's certifications cite."""
    condition = Q(pk__in=[])
    for certification in formation.certifications.all():
        rncp, rs, certifinfo = certification.code_rncp, certification.code_rs, certification.code_certifinfo
        for type_, code in ((TypeCertification.RNCP, rncp), (TypeCertification.RS, rs)):
            if code.strip():
                condition |= Q(type=type_, code=type_ + code.strip().upper().removeprefix(type_))
        if certifinfo.strip():
            condition |= Q(type=TypeCertification.CERTIFINFO, code=certifinfo.strip())
    return condition
