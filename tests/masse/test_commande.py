"""`efop export masse` (--dry-run shows and writes nothing) and `efop export masse-annuler`."""

import pytest
from django.core.management import CommandError, call_command

from efop.historique.models import Changement
from efop.masse.enums import EtatMasse
from efop.masse.models import ModificationMasse
from efop.offre.models import Action, Financeur

pytestmark = pytest.mark.django_db
REFERENTIELS = ["lheo"]


def masse(documentaliste, *args):
    return call_command(
        "export",
        "masse",
        "--requete",
        "tout",
        "--auteur",
        documentaliste.email,
        "--raison",
        "Essai",
        *args,
        verbosity=0,
    )


def test_dry_run_shows_every_change_and_writes_nothing(referentiels, requete, documentaliste, capsys):
    before = (list(Action.objects.values_list("pk", "rythme")), Changement.objects.count())
    masse(
        documentaliste,
        "--operation",
        "definir",
        "--champ",
        "offre.Action:rythme",
        "--valeur",
        "Soir",
        "--dry-run",
    )
    out = capsys.readouterr().out
    assert f"{Action.objects.count()} changement(s)" in out and "--dry-run : rien n'est écrit" in out
    assert out.count("→ 'Soir'") == Action.objects.count()
    assert (list(Action.objects.values_list("pk", "rythme")), Changement.objects.count()) == before
    assert not ModificationMasse.objects.exists()


def test_apply_then_undo_from_the_command_line(referentiels, requete, documentaliste, capsys, tmp_path):
    ancien = Financeur.objects.values_list("code_financeur", flat=True).first()
    before = sorted(Financeur.objects.values_list("pk", "code_financeur"))
    masse(documentaliste, "--operation", "changer_financeur", "--ancien-code", ancien, "--nouveau-code", "16")
    modification = ModificationMasse.objects.get()
    assert (
        modification.etat == EtatMasse.APPLIQUEE
        and f"modification n°{modification.pk}" in capsys.readouterr().out
    )
    assert not Financeur.objects.filter(code_financeur=ancien).exists() or ancien == "16"

    call_command(
        "export", "masse-annuler", str(modification.pk), "--auteur", documentaliste.email, verbosity=0
    )
    assert sorted(Financeur.objects.values_list("pk", "code_financeur")) == before
    with pytest.raises(CommandError, match="Seule une modification appliquée"):
        call_command("export", "masse-annuler", str(modification.pk), "--auteur", documentaliste.email)


def test_the_command_refuses_clearly(referentiels, requete, documentaliste, tmp_path):
    with pytest.raises(CommandError, match="Requête enregistrée « absente » inconnue"):
        call_command(
            "export",
            "masse",
            "--requete",
            "absente",
            "--operation",
            "vider",
            "--raison",
            "x",
            "--auteur",
            documentaliste.email,
        )
    with pytest.raises(CommandError, match="n'est pas un compte actif de l'équipe"):
        call_command(
            "export",
            "masse",
            "--requete",
            "tout",
            "--operation",
            "vider",
            "--raison",
            "x",
            "--auteur",
            "inconnu@example.org",
        )
    with pytest.raises(CommandError, match="Table de correspondance illisible"):
        masse(
            documentaliste,
            "--operation",
            "recoder_formacode",
            "--correspondances",
            str(tmp_path / "absent.csv"),
        )
    assert not ModificationMasse.objects.exists()
