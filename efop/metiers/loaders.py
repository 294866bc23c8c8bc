"""`efop metiers load`: the ROME 4.0 texts, RIASEC and mobilities, the Formacode ↔ ROME
correspondence and the official list of métiers en tension, through the référentiels' loader and
diff machinery (streaming CSV, idempotent, nothing deleted but marked removed)."""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from efop.paths import reference_dir
from efop.recherche.text import fold
from efop.referentiels.loaders.base import Loader, Progress, no_progress, to_int
from efop.referentiels.models import Region, Rome
from efop.referentiels.sync import Diff, LoadError

from .enums import SourceTension
from .models import CorrespondanceFormacode, Metier, MetierTension, Mobilite

ROME_MANQUANT = (
    "les fiches ROME ne sont pas chargées : lancez d'abord « efop referentiels load --only rome »."
)


def _text(value: str) -> str:
    # The published CSV keeps the SQL escaping of apostrophes ("s''il").
    return value.replace("''", "'").strip()


class MetiersLoader(Loader):
    """The fiches of ROME 4.0 v458 (the last version published with its texts)."""

    name = "metiers"
    label = "Métiers (ROME 4.0)"
    DIR = "rome/rome4_v458_2024-12"
    FICHES = f"{DIR}/unix_referentiel_code_rome_v458_utf8.csv"
    TEXTES = f"{DIR}/unix_texte_v458_utf8.csv"
    RIASEC = f"{DIR}/unix_referentiel_code_rome_riasec_v458_utf8.csv"
    MOBILITES = f"{DIR}/unix_rubrique_mobilite_v458_utf8.csv"
    files = (FICHES, TEXTES, RIASEC, MOBILITES)
    VERSION = "ROME 4.0 v458"
    TEXT_FIELDS = {"definition": "definition", "acces_metier": "acces"}

    def load(self) -> list[Diff]:
        known = set(Rome.objects.active().values_list("code", flat=True))
        if not known:
            raise LoadError(ROME_MANQUANT)
        texts: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        for row in self.csv(self.TEXTES):
            if row["libelle_type_texte"] in self.TEXT_FIELDS:
                key = (row["code_rome"], self.TEXT_FIELDS[row["libelle_type_texte"]])
                texts[key].append((to_int(row["position_phrase"]) or 0, _text(row["libelle_texte"])))
        riasec = {
            row["code_rome"]: (row["riasec_majeur"].strip(), row["riasec_mineur"].strip())
            for row in self.csv(self.RIASEC)
        }
        metiers, unknown = [], set()
        for row in self.csv(self.FICHES):
            code = row["code_rome"]
            if code not in known:
                unknown.add(code)
                continue
            majeur, mineur = riasec.get(code, ("", ""))
            metiers.append(
                {
                    "rome": code,
                    "definition": "\n".join(line for _, line in sorted(texts[code, "definition"])),
                    "acces": "\n".join(line for _, line in sorted(texts[code, "acces"])),
                    "riasec_majeur": majeur,
                    "riasec_mineur": mineur,
                    "version": self.VERSION,
                }
            )
        codes = {record["rome"] for record in metiers}
        mobilites = [
            {
                "metier": row["code_rome"],
                "cible": row["code_rome_cible"],
                "ordre": to_int(row["numero_ordre"]) or 0,
                "version": self.VERSION,
            }
            for row in self.csv(self.MOBILITES)
            if row["code_rome"] in codes and row["code_rome_cible"] in codes
        ]
        diff = self.sync(Metier, metiers)
        if unknown:
            diff.unknown["fiche ROME"] = unknown
        return [diff, self.sync(Mobilite, mobilites)]


class CorrespondancesLoader(Loader):
    """Formacode ↔ ROME pairs. The official ROME 4.0 ↔ Formacode V14 table is not open data that
    could be obtained; the pairs are derived from the Certif Info certifications that carry both
    codes (see the reference folder's PROVENANCE)."""

    name = "correspondances"
    label = "Correspondances Formacode ↔ ROME"
    FILE = "formacode/rome_formacode_cooccurrence_certifinfo_2024_DERIVE.csv"
    files = (FILE,)
    VERSION = "Certif Info 2024 (dérivée)"

    def load(self) -> list[Diff]:
        pairs = [
            (row["code_rome"], row["formacode"], int(row["nb_certifications"])) for row in self.csv(self.FILE)
        ]
        totals: dict[str, int] = defaultdict(int)
        for _, formacode, count in pairs:
            totals[formacode] += count
        records = [
            {
                "code_rome": code_rome,
                "formacode": formacode,
                "nb_certifications": count,
                "part": round(count / totals[formacode], 4),
                "version": self.VERSION,
            }
            for code_rome, formacode, count in pairs
        ]
        return [self.sync(CorrespondanceFormacode, records)]


def _region_key(name: str) -> str:
    return "".join(ch for ch in fold(name) if ch.isalnum())


class TensionsLoader(Loader):
    """The official list of métiers en tension (March 2024) by région, in FAP 2009 codes, mapped to
    ROME v3 codes by the DARES table, then to the ROME 4.0 fiche of the same code (a parent fiche)
    and its child fiches. Staff's switches and comments on these rows are kept."""

    name = "tensions"
    label = "Métiers en tension"
    FILE = "fap/metiers_en_tension_fap2009_mars2024.csv"
    FAP_ROME = "fap/fap2009_rome3_dares.csv"
    files = (FILE, FAP_ROME)
    ANNEE = 2024
    NATIONAL = "franceentiere"

    def load(self) -> list[Diff]:
        diff = Diff(label=self.label)
        fiches: dict[str, list[str]] = defaultdict(list)  # ROME v3 code → ROME 4.0 fiches
        for code, parent in Rome.objects.active().values_list("code", "parent__code"):
            fiches[parent or code].append(code)
        rome_of_fap: dict[str, list[str]] = defaultdict(list)
        for row in self.csv(self.FAP_ROME, delimiter=";"):
            if row["Rome"] != "NA":
                rome_of_fap[row["Fap"]].append(row["Rome"])
        regions = {_region_key(nom): pk for pk, nom in Region.objects.active().values_list("pk", "nom")}
        wanted: dict[tuple[str, int | None], str] = {}
        for row in self.csv(self.FILE):
            key = _region_key(row["Region"])
            if key != self.NATIONAL and key not in regions:
                raise LoadError(
                    f"{self.label} – {self.position} : région « {row['Region']} » inconnue "
                    "(chargez les communes : « efop referentiels load --only communes »)"
                )
            region = None if key == self.NATIONAL else regions[key]
            romes = rome_of_fap.get(row["Code FAP"], [])
            if not romes:
                diff.unknown.setdefault("code FAP sans ROME", set()).add(row["Code FAP"])
            for code_v3 in romes:
                if code_v3 not in fiches:
                    diff.unknown.setdefault("fiche ROME", set()).add(code_v3)
                for code in fiches.get(code_v3, ()):
                    wanted.setdefault((code, region), row["Code FAP"])
        rome_pks = dict(Rome.objects.filter(code__in={code for code, _ in wanted}).values_list("code", "pk"))
        official = MetierTension.objects.filter(source=SourceTension.LISTE_OFFICIELLE, annee=self.ANNEE)
        existing = {(t.rome.code, t.region_id): t for t in official.select_related("rome")}
        stale = [t.pk for key, t in existing.items() if key not in wanted]
        official.filter(pk__in=stale).delete()
        diff.removed = len(stale)
        changed = [t for key, t in existing.items() if key in wanted and t.code_fap != wanted[key]]
        for tension in changed:
            tension.code_fap = wanted[tension.rome.code, tension.region_id]
        MetierTension.objects.bulk_update(changed, ["code_fap", "updated_at"])
        diff.changed = len(changed)
        created = [
            MetierTension(
                rome_id=rome_pks[code],
                region_id=region,
                source=SourceTension.LISTE_OFFICIELLE,
                annee=self.ANNEE,
                code_fap=fap,
            )
            for (code, region), fap in wanted.items()
            if (code, region) not in existing
        ]
        MetierTension.objects.bulk_create(created, batch_size=1000)
        diff.added = len(created)
        return [diff]


LOADERS = (MetiersLoader, CorrespondancesLoader, TensionsLoader)


@dataclass
class LoadReport:
    directory: Path
    diffs: list[Diff] = field(default_factory=list)
    skipped: dict[str, list[Path]] = field(default_factory=dict)


def load_metiers(
    directory: Path | None = None, dry_run: bool = False, progress: Progress = no_progress
) -> LoadReport:
    """Load every part; nothing is written if one fails, or with `dry_run`."""
    report = LoadReport(Path(directory) if directory else reference_dir())
    if not report.directory.is_dir():
        raise LoadError(f"dossier introuvable : {report.directory}")
    now = timezone.now()
    with transaction.atomic():
        for loader_class in LOADERS:
            loader = loader_class(report.directory, now, progress)
            if missing := loader.missing_files():
                report.skipped[loader.label] = missing
                continue
            report.diffs += loader.run()
        if dry_run:
            transaction.set_rollback(True)
    return report
