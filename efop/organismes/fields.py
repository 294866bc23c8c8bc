"""Reusable groups of columns for LHEO `coordonnees` and `adresse` blocks.

`AdresseFields(prefix)` is a composite: declared once in a model body, it adds the columns
`<prefix>_denomination`, `<prefix>_lignes`, `<prefix>_codepostal`… (see ADRESSE_COLUMNS).
`Coordonnees` is an abstract model with the person/phone/web columns and an `adresse_*` group.
"""

from django.db import models

ADRESSE_COLUMNS = (
    "denomination",
    "lignes",
    "codepostal",
    "ville",
    "departement",
    "code_insee_commune",
    "code_insee_canton",
    "region",
    "pays",
    "latitude",
    "longitude",
)


class AdresseFields:
    """Adds the columns of one LHEO `adresse` to a model, named `<prefix>_<column>`."""

    def __init__(self, verbose_name: str, *, indexed: bool = False):
        self.verbose_name = verbose_name
        # Fields are built now so that they keep their declaration order in the model.
        self.fields = {
            "denomination": models.CharField("dénomination", max_length=255, blank=True),
            "lignes": models.JSONField("lignes", default=list, blank=True),
            "codepostal": models.CharField("code postal", max_length=10, blank=True, db_index=indexed),
            "ville": models.CharField("ville", max_length=100, blank=True),
            "departement": models.CharField("département", max_length=3, blank=True),
            "code_insee_commune": models.CharField(
                "code INSEE commune", max_length=5, blank=True, db_index=indexed
            ),
            "code_insee_canton": models.CharField("code INSEE canton", max_length=5, blank=True),
            "region": models.CharField("région", max_length=3, blank=True),
            "pays": models.CharField("pays", max_length=2, blank=True),
            "latitude": models.DecimalField(
                "latitude", max_digits=12, decimal_places=8, null=True, blank=True
            ),
            "longitude": models.DecimalField(
                "longitude", max_digits=12, decimal_places=8, null=True, blank=True
            ),
        }

    def contribute_to_class(self, cls, name: str) -> None:
        for column, field in self.fields.items():
            field.verbose_name = f"{field.verbose_name} ({self.verbose_name})"
            cls.add_to_class(f"{name}_{column}", field)


class Coordonnees(models.Model):
    """LHEO `coordonnees`: a person or a place, its address, phones, email and web sites."""

    civilite = models.CharField("civilité", max_length=50, blank=True)
    nom = models.CharField("nom", max_length=255, blank=True)
    prenom = models.CharField("prénom", max_length=255, blank=True)
    lignes = models.JSONField("lignes", default=list, blank=True)
    adresse = AdresseFields("adresse", indexed=True)
    telfixe = models.JSONField("téléphones fixes", default=list, blank=True)
    portable = models.JSONField("téléphones portables", default=list, blank=True)
    fax = models.JSONField("fax", default=list, blank=True)
    courriel = models.CharField("courriel", max_length=255, blank=True)
    web = models.JSONField("sites web", default=list, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def coordonnees_columns(cls) -> tuple[str, ...]:
        return (
            "civilite",
            "nom",
            "prenom",
            "lignes",
            *(f"adresse_{c}" for c in ADRESSE_COLUMNS),
            "telfixe",
            "portable",
            "fax",
            "courriel",
            "web",
        )
