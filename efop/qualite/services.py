"""What changes the quality records: a recorded run of the controls (`controler`) and the snapshot a
full run leaves, staff derogations granted and revoked (recorded in history), and quality reports
e-mailed to an organisation's admins or to a partner (recorded)."""

import io
from collections import Counter
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from efop.comptes.emails import site_url
from efop.comptes.models import Membre
from efop.flux.models import ImportRun, Source
from efop.historique.enums import Operation
from efop.historique.models import Changement
from efop.historique.recording import record, snapshot
from efop.offre.models import Formation
from efop.organismes.models import Organisme

from . import blocage, engine, report, reports
from .enums import Axe, EtatControle, TypeEnregistrement
from .models import ControleRun, Derogation, EnvoiRapport, Releve, Resultat
from .rules import REGISTRY


def controler(
    declencheur: str,
    formations: QuerySet[Formation] | Iterable[int] | None = None,
    *,
    source: Source | None = None,
    import_run: ImportRun | None = None,
    user=None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ControleRun, engine.RunReport]:
    """Run the controls (see engine.run) and record the run: its progress while it runs, then its
    counts, or the error it failed with (raised again). A run over the whole base leaves a
    snapshot of the open findings (the dashboard's trend)."""
    complet = formations is None and source is None
    run = ControleRun.objects.create(
        declencheur=declencheur, complet=complet, source=source, import_run=import_run, lance_par=user
    )

    def advance(done: int, total: int) -> None:
        ControleRun.objects.filter(pk=run.pk).update(formations=total, faites=F("faites") + done)
        if progress:
            progress(done, total)

    try:
        result = engine.run(formations, source=source, progress=advance)
    except BaseException as error:  # interrupted too: the run must not stay « en cours »
        run.etat, run.error, run.finished_at = EtatControle.ECHOUE, f"{error!r}", timezone.now()
        run.save(update_fields=["etat", "error", "finished_at"])
        raise
    terminer(run, result)
    if complet:
        releve(run)
    return run, result


def terminer(run: ControleRun, result: engine.RunReport) -> None:
    """Record what the finished `run` found."""
    niveaux = Counter()
    for rule_id, n in result.counts.items():
        niveaux[str(REGISTRY[rule_id].level)] += n
    run.formations = run.faites = result.formations
    run.counts, run.niveaux = dict(result.counts), dict(niveaux)
    run.skipped = [rule.id for rule in result.skipped]
    run.created, run.deleted = result.created, result.deleted
    run.etat, run.finished_at = EtatControle.TERMINE, timezone.now()
    run.save()


@transaction.atomic
def releve(run: ControleRun) -> int:
    """Store the open findings of the base by rule × level × source, for the whole base and for
    each département and territory; returns the rows written."""
    Releve.objects.filter(run=run).delete()
    key = ("rule", "level", "source_id")
    open_findings = reports.open_findings()
    rows = [
        Releve(run=run, axe=Axe.ENSEMBLE, rule=rule, level=level, source_id=source_id, count=n)
        for rule, level, source_id, n in open_findings.values(*key)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*key, "n")
    ]
    rows += [
        Releve(
            run=run,
            axe=zone.axe,
            zone=zone.code,
            zone_nom=zone.nom[:200],
            rule=rule,
            level=level,
            source_id=source_id,
            count=n,
        )
        for (zone, rule, level, source_id), n in reports.counts_by_zone(open_findings, key).items()
    ]
    Releve.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


# Derogations ----------------------------------------------------------------------------------


class DerogationError(Exception):
    """A derogation that cannot be granted; the message says why, in French."""


def _formation_and_organisme(record_type: str, record_id: int) -> tuple[int | None, int | None]:
    """The formation and organisation a record's history belongs to."""
    if record_type == TypeEnregistrement.ORGANISME:
        return None, record_id
    resultat = Resultat.objects.of_record(record_type, record_id).exclude(formation=None).first()
    if resultat is None:
        return None, None
    return resultat.formation_id, resultat.formation.responsable_id


def _reconsider(derogation: Derogation) -> None:
    """Block or free the formations the derogation's record belongs to (see blocage.py)."""
    if derogation.record_type == TypeEnregistrement.ORGANISME:
        blocage.recompute(organisme_ids=[derogation.record_id])
    else:
        found = Resultat.objects.of_record(derogation.record_type, derogation.record_id).exclude(
            formation=None
        )
        blocage.recompute(formation_ids=found.values_list("formation_id", flat=True).distinct())


def _record(derogation: Derogation, operation: str, champs: dict) -> None:
    """History: a Changement on the derogation, shown with its formation's or organisation's."""
    changement = record(derogation, operation, champs)
    formation_id, organisme_id = _formation_and_organisme(derogation.record_type, derogation.record_id)
    Changement.objects.filter(pk=changement.pk).update(formation_id=formation_id, organisme_id=organisme_id)


@transaction.atomic
def accorder(resultat: Resultat, motif: str, user) -> Derogation:
    """Grant a derogation to the rule of `resultat` on its record (every finding of that rule on it)."""
    motif = motif.strip()
    if not motif:
        raise DerogationError("Indiquez le motif de la dérogation : il est conservé dans l'historique.")
    if Derogation.objects.of_resultat(resultat).exists():
        raise DerogationError(
            f"La règle {resultat.rule} a déjà une dérogation sur cet enregistrement : révoquez-la d'abord "
            "pour en changer le motif."
        )
    derogation = Derogation.objects.create(
        rule=resultat.rule,
        record_type=resultat.record_type,
        record_id=resultat.record_id,
        motif=motif,
        created_by=user,
    )
    _record(
        derogation, Operation.CREATION, {name: [None, value] for name, value in snapshot(derogation).items()}
    )
    _reconsider(derogation)
    return derogation


@transaction.atomic
def revoquer(derogation: Derogation) -> None:
    """Revoke a derogation: the findings of its rule on its record count again."""
    _record(
        derogation,
        Operation.SUPPRESSION,
        {name: [value, None] for name, value in snapshot(derogation).items()},
    )
    derogation.delete()
    _reconsider(derogation)


def historique_derogations(record_type: str, record_id: int) -> list[Changement]:
    """The derogations granted and revoked on a record, newest first."""
    formation_id, organisme_id = _formation_and_organisme(record_type, record_id)
    changements = Changement.objects.filter(content_type=ContentType.objects.get_for_model(Derogation))
    if formation_id is not None:
        changements = changements.filter(formation_id=formation_id)
    else:
        changements = changements.filter(organisme_id=organisme_id)
    found = []
    for changement in changements.select_related("auteur").order_by("-at", "-id"):
        values = {name: old if new is None else new for name, (old, new) in changement.champs.items()}
        if values.get("record_type") == record_type and values.get("record_id") == record_id:
            found.append(changement)
    return found


# Reports sent ---------------------------------------------------------------------------------


class EnvoiError(Exception):
    """A report that cannot be sent; the message says why and what to do, in French."""


def destinataires_of(organisme: Organisme) -> list[str]:
    """The addresses an organisation's report goes to: its active admins'."""
    return list(
        Membre.objects.admins()
        .filter(organisme=organisme, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def envoyer_rapport(
    *, organisme: Organisme | None = None, source: Source | None = None, destinataire: str = "", user=None
) -> EnvoiRapport:
    """E-mail the open findings of `organisme` (to its admins) or of `source` (to `destinataire`):
    a summary by rule in the body (HTML and text) and every finding in an attached CSV file."""
    if organisme is not None:
        resultats = reports.open_findings().of_organismes([organisme.pk])
        recipients = destinataires_of(organisme)
        if not recipients:
            raise EnvoiError(
                f"{organisme} n'a aucun administrateur actif dans l'espace des organismes : le rapport ne "
                "peut pas lui être envoyé. Téléchargez le CSV et transmettez-le par un autre moyen."
            )
        nom, url = str(organisme), site_url("espace:qualite")
    else:
        resultats = reports.open_findings().for_source(source)
        recipients = [destinataire] if destinataire else []
        if not recipients:
            raise EnvoiError("Indiquez l'adresse électronique du partenaire à qui envoyer le rapport.")
        nom, url = str(source), ""
    out = io.StringIO()
    count = report.write_csv(out, resultats)
    context = {"nom": nom, "total": count, "par_regle": reports.by_rule(resultats), "url": url}
    subject = f"Rapport qualité de l'offre de formation : {nom}"
    message = EmailMultiAlternatives(
        subject,
        render_to_string("qualite/emails/rapport.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    message.attach_alternative(render_to_string("qualite/emails/rapport.html", context), "text/html")
    message.attach(f"rapport-qualite-{timezone.localdate():%Y-%m-%d}.csv", out.getvalue(), "text/csv")
    message.send()
    return EnvoiRapport.objects.create(
        organisme=organisme, source=source, destinataires=recipients, constats=count, envoye_par=user
    )
