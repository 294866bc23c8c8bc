"""What the directory says of one offer organisation, for its public page and the API."""

from dataclasses import dataclass

from django.db.models import Prefetch

from .models import CertificatQualiopi, CodeUai, DeclarationActivite, EtablissementAnnuaire, UniteLegale


@dataclass(frozen=True)
class Fiche:
    unite_legale: UniteLegale
    etablissement: EtablissementAnnuaire | None  # the SIRET of the organisation, as SIRENE says
    etablissements: list[EtablissementAnnuaire]  # every present établissement of the SIREN
    declarations: list[DeclarationActivite]  # present NDA declarations of the SIREN
    certificats: list[CertificatQualiopi]  # of those declarations, current ones first
    codes_uai: list[CodeUai]

    @property
    def certificats_en_cours(self) -> list[CertificatQualiopi]:
        return [certificat for certificat in self.certificats if certificat.date_fin is None]


def fiche(siret: str) -> Fiche | None:
    """The directory's facts on the legal unit of `siret` (None when its SIREN is not in it)."""
    if len(siret) != 14:
        return None
    unite = (
        UniteLegale.objects.filter(siren=siret[:9])
        .prefetch_related(
            Prefetch("etablissements", EtablissementAnnuaire.objects.presents().order_by("-siege", "siret")),
            Prefetch(
                "declarations",
                DeclarationActivite.objects.presents().prefetch_related(
                    Prefetch("certificats", CertificatQualiopi.objects.order_by("date_fin", "categorie"))
                ),
            ),
            Prefetch("codes_uai", CodeUai.objects.presents()),
        )
        .first()
    )
    if unite is None:
        return None
    etablissements = list(unite.etablissements.all())
    declarations = list(unite.declarations.all())
    certificats = [certificat for declaration in declarations for certificat in declaration.certificats.all()]
    certificats.sort(key=lambda certificat: (certificat.date_fin is not None, certificat.categorie))
    return Fiche(
        unite_legale=unite,
        etablissement=next((e for e in etablissements if e.siret == siret), None),
        etablissements=etablissements,
        declarations=declarations,
        certificats=certificats,
        codes_uai=list(unite.codes_uai.all()),
    )
