"""Bulk changes: every operation previewed, applied (history in the staff member's name, with
the reason) and undone (the offer exactly as before); all or nothing; kept over the next import."""

import pytest
from django.db.models.signals import post_save

from efop.flux.importer import import_lheo
from efop.historique.history import history_context
from efop.historique.models import Changement, Surcharge
from efop.lheo.reader import read_lheo
from efop.masse import services
from efop.masse.champs import MasseError
from efop.masse.enums import EtatMasse
from efop.masse.enums import OperationMasse as Op
from efop.masse.models import ChangementMasse
from efop.offre.enums import CodeKind
from efop.offre.models import Action, Financeur, Formation, FormationCode, Session
from efop.selections.enums import OrigineEtiquetage
from efop.selections.models import Etiquetage
from tests.comptes.factories import UserFactory

pytestmark = pytest.mark.django_db
REFERENTIELS = ["lheo"]
RAISON = "Demande de la Région du 3 décembre : harmonisation avant la migration"
WITHOUT = {"updated_at"}


def etat() -> dict:
    """Everything a bulk change may touch, but the rows' modification dates."""
    models = (Formation, Action, Session, Financeur, FormationCode, Etiquetage)
    shown = {
        model._meta.label: list(
            model._base_manager.order_by("pk").values_list(
                *(f.attname for f in model._meta.concrete_fields if f.name not in WITHOUT)
            )
        )
        for model in models
    }
    shown["surcharges"] = list(
        Surcharge.objects.order_by("pk").values_list(
            "content_type", "object_id", "champ", "valeur", "valeur_source", "auteur"
        )
    )
    return shown


def _first(values):
    return next(value for value in values if value)


def operations_cases(etiquette) -> dict:
    etat_recrutement = _first(Session.objects.values_list("etat_recrutement", flat=True))
    financeur = _first(Financeur.objects.values_list("code_financeur", flat=True))
    formacode = _first(FormationCode.objects.filter(kind=CodeKind.FORMACODE).values_list("code", flat=True))
    Formation.objects.filter(pk=Formation.objects.order_by("pk").values("pk")[:1]).update(
        code_niveau_sortie="5"
    )
    return {
        Op.DEFINIR: {"modele": "offre.Action", "champ": "rythme", "valeur": "Temps plein, 35 h par semaine"},
        Op.REMPLACER: {
            "modele": "offre.Session",
            "champ": "etat_recrutement",
            "ancienne_valeur": etat_recrutement,
            "valeur": "3" if etat_recrutement != "3" else "1",
        },
        Op.VIDER: {"modele": "offre.Formation", "champ": "resultats_attendus"},
        Op.AJOUTER_ETIQUETTE: {"etiquette": etiquette.code},
        Op.CHANGER_FINANCEUR: {"ancien_code": financeur, "nouveau_code": "16" if financeur != "16" else "2"},
        Op.RECODER_FORMACODE: {"correspondances": f"ancien;nouveau\n{formacode};31000\n", "version": "V14"},
        Op.RECODER_NIVEAUX: {},
    }


@pytest.mark.parametrize("operation", [op for op in Op if op != Op.RETIRER_ETIQUETTE])
def test_each_operation_is_previewed_applied_and_undone(
    referentiels, requete, documentaliste, etiquette, operation
):
    parametres = operations_cases(etiquette)[operation]
    before, history = etat(), Changement.objects.count()

    modification = services.preparer(
        auteur=documentaliste, operation=operation, parametres=parametres, raison=RAISON, requete=requete
    )
    planned = list(services.prevus(modification))
    assert modification.nb_changements == len(planned) > 0
    assert modification.nb_formations == Formation.objects.originals().count()
    assert etat() == before and Changement.objects.count() == history  # a preview writes nothing

    modification = services.appliquer(modification, documentaliste)
    assert modification.etat == EtatMasse.APPLIQUEE
    after = etat()
    assert after != before
    done = list(modification.changements.order_by("pk"))
    assert [(d.object_id if p.object_id else None, d.champs) for d, p in zip(done, planned, strict=True)] == [
        (p.object_id, p.champs) for p in planned
    ]
    for change in done:
        model = change.content_type.model_class()
        if model is Etiquetage:
            row = Etiquetage.objects.get(pk=change.object_id)
            assert (row.origine, row.auteur) == (OrigineEtiquetage.MANUELLE, documentaliste)
            continue
        row = model._base_manager.get(pk=change.object_id)
        assert {name: getattr(row, name) for name in change.champs} == {
            n: new for n, (_, new) in change.champs.items()
        }
        # The history has the change in the staff member's name; the bulk change gives its reason.
        assert change.changement.auteur == documentaliste
        assert change.changement.champs == change.champs
        assert ChangementMasse.objects.get(changement=change.changement).modification.raison == RAISON

    modification = services.annuler(modification, documentaliste)
    assert modification.etat == EtatMasse.ANNULEE
    assert etat() == before


def test_a_tag_removed_in_bulk_comes_back_with_its_author_and_date(
    referentiels, requete, documentaliste, etiquette
):
    auteur = UserFactory()
    for formation in Formation.objects.order_by("pk")[:3]:
        Etiquetage.objects.create(
            formation=formation, etiquette=etiquette, origine=OrigineEtiquetage.MANUELLE, auteur=auteur
        )
    before = etat()
    modification = services.preparer(
        auteur=documentaliste,
        operation=Op.RETIRER_ETIQUETTE,
        parametres={"etiquette": etiquette.code},
        raison=RAISON,
        requete=requete,
    )
    assert modification.nb_changements == 3
    modification = services.appliquer(modification, documentaliste)
    assert not Etiquetage.objects.exists()
    modification = services.annuler(modification, documentaliste)
    assert etat() == before


def test_a_failure_midway_leaves_nothing(referentiels, requete, documentaliste):
    before, history = etat(), Changement.objects.count()
    modification = services.preparer(
        auteur=documentaliste,
        operation=Op.DEFINIR,
        parametres={"modele": "offre.Action", "champ": "rythme", "valeur": "Temps partiel"},
        raison=RAISON,
        requete=requete,
    )
    assert modification.nb_changements > 2
    saved = []

    def fail_on_third(sender, instance, **kwargs):
        saved.append(instance.pk)
        if len(saved) == 3:
            raise RuntimeError("disque plein")

    post_save.connect(fail_on_third, sender=Action, dispatch_uid="test-masse-panne")
    try:
        with pytest.raises(RuntimeError):
            services.appliquer(modification, documentaliste)
    finally:
        post_save.disconnect(dispatch_uid="test-masse-panne", sender=Action)
    assert len(saved) == 3
    assert etat() == before
    assert Changement.objects.count() == history and not ChangementMasse.objects.exists()
    modification.refresh_from_db()
    assert modification.etat == EtatMasse.PREVISUALISEE


def test_a_bulk_change_of_a_partner_flow_survives_its_next_import(
    referentiels, lheo_samples, write_flux, requete, documentaliste
):
    modification = services.preparer(
        auteur=documentaliste,
        operation=Op.DEFINIR,
        parametres={"modele": "offre.Action", "champ": "rythme", "valeur": "Temps plein, 35 h par semaine"},
        raison=RAISON,
        requete=requete,
    )
    modification = services.appliquer(modification, documentaliste)
    onisep = Action.objects.get(formation__source__code="onisep")
    sent = ChangementMasse.objects.get(object_id=onisep.pk, content_type__model="action").champs["rythme"][0]
    surcharge = Surcharge.objects.get(object_id=onisep.pk, champ="rythme")
    assert (surcharge.valeur, surcharge.valeur_source, surcharge.auteur) == (
        "Temps plein, 35 h par semaine",
        sent,
        documentaliste,
    )

    with read_lheo(lheo_samples["onisep"]) as doc:
        (tree,) = [item.tree for item in doc.formations()]
    tree["intitule-formation"] = [
        "BTS NRC (nouvel intitulé du partenaire)"
    ]  # the flow rewrites the formation
    report = import_lheo(write_flux([tree], name="onisep-v2.xml"), source="onisep")
    assert report.counts["modifiees"] == 1
    assert Formation.objects.get(pk=onisep.formation_id).intitule == "BTS NRC (nouvel intitulé du partenaire)"
    assert Action.objects.get(pk=onisep.pk).rythme == "Temps plein, 35 h par semaine"
    surcharge.refresh_from_db()
    assert surcharge.valeur_source == sent

    modification = services.annuler(modification, documentaliste)  # the undo ends the correction
    assert Action.objects.get(pk=onisep.pk).rythme == sent
    assert not Surcharge.objects.filter(object_id=onisep.pk, champ="rythme").exists()


def test_undo_is_refused_when_a_record_changed_since(referentiels, requete, documentaliste):
    modification = services.preparer(
        auteur=documentaliste,
        operation=Op.DEFINIR,
        parametres={"modele": "offre.Formation", "champ": "objectif", "valeur": "Se qualifier."},
        raison=RAISON,
        requete=requete,
    )
    modification = services.appliquer(modification, documentaliste)
    formation = Formation.objects.order_by("pk").first()
    formation.objectif = "Corrigé à la main depuis."
    formation.save()
    before = etat()
    with pytest.raises(
        MasseError, match="Annulation impossible : 1 enregistrement.*Corrigé à la main depuis"
    ):
        services.annuler(modification, documentaliste)
    assert etat() == before
    modification.refresh_from_db()
    assert modification.etat == EtatMasse.APPLIQUEE


def test_apply_is_refused_when_the_offer_changed_since_the_preview(referentiels, requete, documentaliste):
    modification = services.preparer(
        auteur=documentaliste,
        operation=Op.VIDER,
        parametres={"modele": "offre.Formation", "champ": "resultats_attendus"},
        raison=RAISON,
        requete=requete,
    )
    Formation.objects.filter(pk=Formation.objects.order_by("pk").values("pk")[:1]).update(
        resultats_attendus="Nouveau."
    )
    before = etat()
    with pytest.raises(MasseError, match="Refaites l'aperçu"):
        services.appliquer(modification, documentaliste)
    assert etat() == before


@pytest.mark.parametrize(
    ("operation", "parametres", "message"),
    [
        (
            Op.DEFINIR,
            {"modele": "offre.Formation", "champ": "status", "valeur": "retiree"},
            "non modifiable en masse",
        ),
        (
            Op.DEFINIR,
            {"modele": "offre.Session", "champ": "etat_recrutement", "valeur": "99"},
            "Valeur refusée pour « État du recrutement »",
        ),
        (Op.VIDER, {"modele": "offre.Formation", "champ": "intitule"}, "L'intitulé est obligatoire"),
        (Op.REMPLACER, {"modele": "offre.Action", "champ": "rythme", "valeur": "x"}, "la valeur à remplacer"),
        (Op.AJOUTER_ETIQUETTE, {"etiquette": "inconnue"}, "Étiquette « inconnue » inconnue"),
        (Op.CHANGER_FINANCEUR, {"ancien_code": "2", "nouveau_code": "77"}, "dict-financeurs"),
        (Op.RECODER_FORMACODE, {"correspondances": "31054;3105\n"}, "ligne 1"),
    ],
)
def test_bad_parameters_are_refused_clearly(
    referentiels, requete, documentaliste, operation, parametres, message
):
    with pytest.raises(MasseError, match=message):
        services.preparer(
            auteur=documentaliste, operation=operation, parametres=parametres, raison=RAISON, requete=requete
        )
    assert not services.ModificationMasse.objects.exists()


def test_only_staff_make_bulk_changes(referentiels, requete, documentaliste):
    parametres = {"modele": "offre.Action", "champ": "rythme", "valeur": "Soir"}
    with pytest.raises(MasseError, match="réservées à l'équipe"):
        services.preparer(
            auteur=UserFactory(), operation=Op.DEFINIR, parametres=parametres, raison=RAISON, requete=requete
        )
    modification = services.preparer(
        auteur=documentaliste, operation=Op.DEFINIR, parametres=parametres, raison=RAISON, requete=requete
    )
    with pytest.raises(MasseError, match="réservées à l'équipe"):
        services.appliquer(modification, UserFactory())
    with pytest.raises(MasseError, match="Donnez la raison"):
        services.preparer(
            auteur=documentaliste, operation=Op.DEFINIR, parametres=parametres, raison=" ", requete=requete
        )


def test_the_history_of_a_formation_shows_the_reason_of_the_bulk_change(
    referentiels, requete, documentaliste
):
    modification = services.preparer(
        auteur=documentaliste,
        operation=Op.DEFINIR,
        parametres={"modele": "offre.Formation", "champ": "objectif", "valeur": "Se qualifier."},
        raison=RAISON,
        requete=requete,
    )
    services.appliquer(modification, documentaliste)
    formation = Formation.objects.order_by("pk").first()
    entries = history_context(formation)["historique"]
    bulk = [entry for entry in entries if entry.changement.auteur == documentaliste]
    assert bulk and bulk[0].motif == f"modification en masse n° {modification.pk} — {RAISON}"
    assert all(entry.motif == "" for entry in entries if entry not in bulk)
