"""Which LHEO elements fill which columns (2.3 tree; 2.2 and EDOF trees share the names).

Everything not named here — `extras`, rare elements (sous-modules, recrutement, blocs-competences,
cycle, equipement, enseignement, potentiel, date-information…), unknown tags and attributes — is kept
in the residue of the nearest record (its `lheo_extra`).
"""

from . import converters as c
from .engine import Attr, Children, DateLeaf, Flag, Leaf, Linked, Many, Nested, Spec, ValueDate, ValueLeaf

CODE = c.text(20)
SHORT = c.text(255)
LONG = c.text()


def identifiers() -> list:
    """@numero, @datecrea, @datemaj of formation, action and session."""
    return [
        Attr("@numero", "numero"),
        ValueDate("@datecrea", "datecrea", c.date()),
        ValueDate("@datemaj", "datemaj", c.date()),
    ]


def adresse(prefix: str) -> Spec:
    p = f"{prefix}_"
    return Spec(
        Leaf("denomination", p + "denomination", SHORT),
        Many("ligne", p + "lignes", LONG),
        Leaf("codepostal", p + "codepostal", c.text(10)),
        Leaf("ville", p + "ville", c.text(100)),
        Leaf("departement", p + "departement", c.text(3)),
        Leaf("code-INSEE-commune", p + "code_insee_commune", c.text(5)),
        Leaf("code-INSEE-canton", p + "code_insee_canton", c.text(5)),
        Leaf("region", p + "region", c.text(3)),
        Leaf("pays", p + "pays", c.text(2)),
        Nested(
            "geolocalisation",
            Spec(
                Leaf("latitude", p + "latitude", c.COORDINATE),
                Leaf("longitude", p + "longitude", c.COORDINATE),
            ),
        ),
    )


def _numeros(column: str) -> Spec:
    return Spec(Many("numtel", column, LONG))


COORDONNEES = Spec(
    Leaf("civilite", "civilite", c.text(50)),
    Leaf("nom", "nom", SHORT),
    Leaf("prenom", "prenom", SHORT),
    Many("ligne", "lignes", LONG),
    Nested("adresse", adresse("adresse")),
    Nested("telfixe", _numeros("telfixe")),
    Nested("portable", _numeros("portable")),
    Nested("fax", _numeros("fax")),
    Leaf("courriel", "courriel", SHORT),
    Nested("web", Spec(Many("urlweb", "web", LONG))),
)

CONTACT = Spec(
    Leaf("type-contact", "type_contact", CODE),
    Nested("coordonnees", COORDONNEES),
)


def contacts(tag: str, role: str) -> Children:
    return Children(tag, "contacts", CONTACT, role=role)


def urls(tag: str) -> Nested:
    return Nested(tag, Spec(Many("urlweb", "urls", LONG)))


def _siret(tag: str, *, brut: str | None = None) -> Nested:
    return Nested(tag, Spec(Leaf("SIRET", "siret", c.SIRET, brut=brut)))


def _uai(tag: str) -> Nested:
    return Nested(tag, Spec(Leaf("code-UAI", "code_uai", c.text(8))))


LIEU = Spec(
    Flag("@tag", "principal", "principal"),
    _siret("SIRET-lieu-formation", brut="siret_brut"),
    _uai("code-UAI-lieu-formation"),
    Nested("coordonnees", COORDONNEES),
)

FORMATEUR = Spec(
    _siret("SIRET-formateur"),
    Leaf("raison-sociale-formateur", "raison_sociale", SHORT),
    contacts("contact-formateur", "contact-formateur"),
    _uai("code-UAI-formateur"),
)

FINANCEUR = Spec(
    Leaf("code-financeur", "code_financeur", CODE),
    Leaf("nb-places-financees", "nb_places_financees", c.INTEGER),
)

SESSION = Spec(
    *identifiers(),
    Nested("periode", Spec(DateLeaf("debut", "debut", c.date()), DateLeaf("fin", "fin", c.date(end=True)))),
    Nested("adresse-inscription", Spec(Nested("adresse", adresse("adresse_inscription")))),
    Leaf("modalites-inscription", "modalites_inscription", LONG),
    Nested(
        "periode-inscription",
        Spec(
            Nested(
                "periode",
                Spec(
                    DateLeaf("debut", "inscription_debut", c.date()),
                    DateLeaf("fin", "inscription_fin", c.date(end=True)),
                ),
            )
        ),
    ),
    Leaf("etat-recrutement", "etat_recrutement", CODE),
    urls("url-session"),
    contacts("contact-session", "contact-session"),
)

ACTION = Spec(
    *identifiers(),
    Leaf("rythme-formation", "rythme", LONG),
    Many("code-public-vise", "codes_public_vise", CODE),
    Leaf("info-public-vise", "info_public_vise", LONG),
    Leaf("niveau-entree-obligatoire", "niveau_entree_obligatoire", c.BOOLEAN),
    Leaf("modalites-alternance", "modalites_alternance", c.HTML),
    Leaf("modalites-enseignement", "modalites_enseignement", CODE),
    Leaf("conditions-specifiques", "conditions_specifiques", c.HTML),
    Leaf("prise-en-charge-frais-possible", "prise_en_charge_frais_possible", c.BOOLEAN),
    Children("lieu-de-formation", "lieux", LIEU),
    Leaf("modalites-entrees-sorties", "modalites_entrees_sorties", CODE),
    urls("url-action"),
    Children("session", "sessions", SESSION),
    Nested("adresse-information", Spec(Nested("adresse", adresse("adresse_information")))),
    Leaf("restauration", "restauration", LONG),
    Leaf("hebergement", "hebergement", LONG),
    Leaf("transport", "transport", LONG),
    Leaf("acces-handicapes", "acces_handicapes", LONG),
    Many("langue-formation", "langues", CODE),
    Leaf("modalites-recrutement", "modalites_recrutement", c.HTML),
    Leaf("modalites-pedagogiques", "modalites_pedagogiques", LONG),
    Many("code-modalite-pedagogique", "codes_modalite_pedagogique", CODE),
    Leaf("frais-restants", "frais_restants", LONG),
    Leaf("code-perimetre-recrutement", "code_perimetre_recrutement", CODE),
    Leaf("infos-perimetre-recrutement", "infos_perimetre_recrutement", LONG),
    Leaf("prix-horaire-TTC", "prix_horaire_ttc", c.PRICE, brut="prix_horaire_ttc_brut"),
    Leaf("prix-total-TTC", "prix_total_ttc", c.PRICE, brut="prix_total_ttc_brut"),
    Leaf("duree-indicative", "duree_indicative", LONG),
    Leaf("nombre-heures-centre", "nombre_heures_centre", c.INTEGER),
    Leaf("nombre-heures-entreprise", "nombre_heures_entreprise", c.INTEGER),
    Leaf("nombre-heures-total", "nombre_heures_total", c.INTEGER),
    Leaf("detail-conditions-prise-en-charge", "detail_conditions_prise_en_charge", LONG),
    Leaf("conventionnement", "conventionnement", c.BOOLEAN),
    Leaf("duree-conventionnee", "duree_conventionnee", c.INTEGER),
    Children("organisme-formateur", "formateurs", FORMATEUR),
    Children("organisme-financeur", "financeurs", FINANCEUR),
)

# The responsable's columns are those of the shared Organisme (raw SIRET and NDA stay in the
# formation's residue); its contacts belong to the formation.
RESPONSABLE = Spec(
    Leaf("numero-activite", "numero_activite", c.NDA),
    _siret("SIRET-organisme-formation"),
    Leaf("nom-organisme", "nom_organisme", SHORT),
    Leaf("raison-sociale", "raison_sociale", SHORT),
    Nested("coordonnees-organisme", Spec(Nested("coordonnees", COORDONNEES))),
    contacts("contact-organisme", "contact-organisme"),
    _uai("code-UAI-organisme-formation"),
)


FORMATION_CODE = Spec(
    Flag("@tag", "principal", "principal"),
    Attr("@ref", "ref", max_length=20),
    ValueLeaf("#text", "code", CODE),
)


def _codes(tag: str) -> Children:
    return Children(tag, "codes", FORMATION_CODE, kind=tag)


CERTIFICATION = Spec(
    Leaf("code-RNCP", "code_rncp", c.RNCP),
    Leaf("code-CERTIFINFO", "code_certifinfo", CODE),
    Leaf("code-RS", "code_rs", c.RS),
    Leaf("code-CPF", "code_cpf", CODE),
    Leaf("reference-code-FORMACODE", "reference_code_formacode", CODE),
)

FORMATION = Spec(
    *identifiers(),
    Nested("domaine-formation", Spec(_codes("code-FORMACODE"), _codes("code-NSF"), _codes("code-ROME"))),
    Leaf("intitule-formation", "intitule", LONG),
    Leaf("objectif-formation", "objectif", c.HTML),
    Leaf("resultats-attendus", "resultats_attendus", c.HTML),
    Leaf("contenu-formation", "contenu", c.HTML),
    Leaf("certifiante", "certifiante", c.BOOLEAN),
    contacts("contact-formation", "contact-formation"),
    Leaf("parcours-de-formation", "parcours", CODE),
    Leaf("code-niveau-entree", "code_niveau_entree", CODE),
    Leaf("objectif-general-formation", "objectif_general", CODE),
    Children("certification", "certifications", CERTIFICATION),
    Leaf("code-niveau-sortie", "code_niveau_sortie", CODE),
    urls("url-formation"),
    Children("action", "actions", ACTION),
    Linked("organisme-formation-responsable", "responsable", RESPONSABLE),
)
