"""Producing a delivery: its content (efop.flux.exports.delta), its files in every format of the
profile (streamed, one pass over the formations), kept with their checksums, and its record."""

import hashlib
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from efop.offre import services as offre
from efop.offre.models import Formation

from ..enums import ModeExport
from .delta import Contenu, contenu, next_contenu, write_inventaire
from .formats import entete, open_sortie
from .models import Abonnement, FichierLivraison, Livraison, ProfilExport

CHUNK = 1_000  # formation ids per query


class ExportError(Exception):
    """A delivery that cannot be made; the message says why and what to do."""


@dataclass
class Fichiers:
    paths: list[tuple[Path, str]]  # (file, format)
    ignorees: int  # formations a format could not hold (EDOF without RNCP / RS / CPF code)
    avertissements: int  # what the LHEO writer converted, cut or completed


def check(profil: ProfilExport, plan: Contenu) -> None:
    if plan.mode == ModeExport.COMPLET and not plan.ecrire:
        raise ExportError(
            f"Le périmètre du profil « {profil} » ne contient aucune formation diffusée : rien à livrer. "
            "Vérifiez la requête enregistrée du profil."
        )


def write_files(
    profil: ProfilExport, plan: Contenu, folder: Path, stem: str, now: datetime, *, progress: bool = False
) -> Fichiers:
    """Every formation of `plan` to every format of `profil`, then the withdrawals (one pass)."""
    header = entete(profil, plan.mode, plan.base.created_at if plan.base else None, now)
    sorties = [open_sortie(format, folder, stem, header) for format in profil.formats]
    ignorees = 0
    with (
        offre.without_cyclic_gc(),
        tqdm(total=len(plan.ecrire), desc="Export", unit=" formations", disable=not progress) as bar,
    ):
        for start in range(0, len(plan.ecrire), CHUNK):
            chunk = Formation.objects.filter(pk__in=plan.ecrire[start : start + CHUNK]).order_by("pk")
            for record in offre.iter_for_export(chunk):
                tree = offre.formation_tree(record)
                pk = record.values["id"]
                written = [sortie.write(pk, tree) for sortie in sorties]
                ignorees += not all(written)
                bar.update()
        for pk, numero in plan.retirer:
            for sortie in sorties:
                sortie.withdraw(pk, numero)
    paths = [(path, sortie.format) for sortie in sorties for path in sortie.close()]
    return Fichiers(paths, ignorees, sum(sortie.notes for sortie in sorties))


def stem_of(profil: ProfilExport, mode: str, now: datetime) -> str:
    return f"{profil.code}-{timezone.localtime(now):%Y%m%d-%H%M%S}-{mode}"


def produce(abonnement: Abonnement, *, complet: bool = False, progress: bool = False) -> Livraison:
    """Write the next delivery of `abonnement` and record it (not yet handed over: see remise)."""
    profil, now = abonnement.profil, timezone.now()
    plan = next_contenu(abonnement, complet=complet)
    check(profil, plan)
    livraison = Livraison.objects.create(
        abonnement=abonnement,
        mode=plan.mode,
        depuis=plan.base,
        xid=plan.position.xid,
        seq=plan.position.seq,
        change_id=plan.position.id,
    )
    folder = livraison.folder
    folder.mkdir(parents=True, exist_ok=True)
    try:
        fichiers = write_files(profil, plan, folder, stem_of(profil, plan.mode, now), now, progress=progress)
        inventaire = folder / "inventaire.tsv.gz"
        write_inventaire(inventaire, plan.inventaire)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        livraison.delete()
        raise
    with transaction.atomic():
        FichierLivraison.objects.bulk_create(
            FichierLivraison(livraison=livraison, format=format, nom=path.name, **_describe(path))
            for path, format in fichiers.paths
        )
        livraison.formations = len(plan.ecrire) - fichiers.ignorees
        livraison.retraits = len(plan.retirer)
        livraison.ignorees = fichiers.ignorees
        livraison.avertissements = fichiers.avertissements
        livraison.inventaire = str(inventaire)
        livraison.save()
    return livraison


def export_to(profil: ProfilExport, output: Path, *, progress: bool = False) -> Fichiers:
    """A full export of `profil` outside any delivery (nothing recorded): files named after
    `output`, its suffix replaced by each format's."""
    plan = contenu(profil)
    check(profil, plan)
    output.parent.mkdir(parents=True, exist_ok=True)
    return write_files(profil, plan, output.parent, output.stem, timezone.now(), progress=progress)


def _describe(path: Path) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return {"taille": path.stat().st_size, "sha256": digest.hexdigest()}
