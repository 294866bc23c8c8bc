"""The flux generator's catalog, read from the référentiels loaded in the database."""

from efop.referentiels.enums import TypeCertification
from efop.referentiels.models import Certification, Formacode, Rome, communes_pays_de_la_loire

from .generator import Catalog, CertificationRef, CommuneRef

MAX_CERTIFICATIONS = 3000


def catalog_from_referentiels() -> Catalog:
    """Pays de la Loire communes, Formacode, ROME and certifications (Certif Info with their RNCP/RS)."""
    communes = [
        CommuneRef(c.code_insee, c.nom, c.codes_postaux_list[0], c.departement.code, *c.coordonnees)
        for c in communes_pays_de_la_loire().select_related("departement").order_by("code_insee")
        if c.codes_postaux_list and c.coordonnees
    ]
    formacodes = list(Formacode.objects.active().order_by("code").values_list("code", "libelle"))
    romes = list(Rome.objects.active().order_by("code").values_list("code", "libelle"))
    return Catalog(communes=communes, formacodes=formacodes, romes=romes, certifications=_certifications())


def _certifications() -> list[CertificationRef]:
    records = (
        Certification.objects.active()
        .certifinfo()
        .filter(formacodes__isnull=False)
        .distinct()
        .order_by("code")
        .prefetch_related("formacodes", "romes", "nsfs", "certifications_liees")[:MAX_CERTIFICATIONS]
    )
    refs = []
    for record in records:
        linked = {c.type: c.code for c in record.certifications_liees.all()}
        formacodes = [f.code for f in record.formacodes.all()]
        romes = [r.code for r in record.romes.all()]
        nsfs = [n.code for n in record.nsfs.all()]
        refs.append(
            CertificationRef(
                code_rncp=linked.get(TypeCertification.RNCP),
                code_rs=linked.get(TypeCertification.RS),
                code_certifinfo=record.code,
                intitule=record.intitule,
                formacode=formacodes[0] if formacodes else None,
                rome=romes[0] if romes else None,
                nsf=nsfs[0] if nsfs else None,
                niveau_europeen=int(record.niveau) if record.niveau else None,
            )
        )
    return refs
