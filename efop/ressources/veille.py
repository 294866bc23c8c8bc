"""Fetching a watched feed into the review queue: HTTP with a timeout and a size limit, then the
new entries (not yet seen under their guid or their link) become `ElementVeille` to review.
A failure (network, HTTP error, a broken feed) is recorded on the source in plain French and
changes nothing else: the entries already queued stay."""

from dataclasses import dataclass

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import feeds
from .models import ElementVeille, SourceVeille

MAX_BYTES = 5 * 1024 * 1024
CHUNK = 64 * 1024


class VeilleError(Exception):
    pass


@dataclass
class Releve:
    source: SourceVeille
    lus: int = 0
    nouveaux: int = 0
    erreur: str = ""

    def __str__(self) -> str:
        if self.erreur:
            return f"{self.source} : échec — {self.erreur}"
        return f"{self.source} : {self.lus} élément(s) lu(s), {self.nouveaux} nouveau(x) à examiner"


def download(url: str) -> bytes:
    try:
        with requests.get(
            url,
            timeout=settings.EFOP_FLUX_HTTP_TIMEOUT,
            stream=True,
            headers={
                "User-Agent": "efop-veille/1.0",
                "Accept": "application/rss+xml, application/atom+xml, */*",
            },
        ) as response:
            if response.status_code >= 400:
                raise VeilleError(
                    f"le serveur a répondu HTTP {response.status_code} pour {url} : vérifiez l'adresse."
                )
            content = bytearray()
            for chunk in response.iter_content(CHUNK):
                content += chunk
                if len(content) > MAX_BYTES:
                    raise VeilleError(f"le flux dépasse {MAX_BYTES // 1024 // 1024} Mo : relevé abandonné.")
            return bytes(content)
    except requests.RequestException as error:
        raise VeilleError(f"impossible de joindre {url} ({error.__class__.__name__}).") from error


def relever(source: SourceVeille, *, dry_run: bool = False) -> Releve:
    releve = Releve(source)
    try:
        entries = feeds.parse(download(source.url))
    except (VeilleError, feeds.FeedError) as error:
        releve.erreur = f"{error} Les éléments déjà relevés sont conservés."
        if not dry_run:
            SourceVeille.objects.filter(pk=source.pk).update(
                last_fetch_at=timezone.now(), last_error=releve.erreur
            )
        return releve
    releve.lus = len(entries)
    with transaction.atomic():
        known = source.elements.filter(
            Q(guid__in=[e.guid[:500] for e in entries]) | Q(lien__in=[e.lien for e in entries if e.lien])
        ).values_list("guid", "lien")
        seen = {value for pair in known for value in pair if value}
        fresh = []
        for entry in entries:
            guid = entry.guid[:500]
            if guid in seen or (entry.lien and entry.lien in seen):
                continue
            seen.update({guid, entry.lien})
            fresh.append(
                ElementVeille(
                    source=source,
                    guid=guid,
                    lien=entry.lien[:500],
                    titre=entry.titre,
                    resume=entry.resume,
                    date=entry.date,
                )
            )
        releve.nouveaux = len(fresh)
        if dry_run:
            transaction.set_rollback(True)
            return releve
        ElementVeille.objects.bulk_create(fresh)
        SourceVeille.objects.filter(pk=source.pk).update(
            last_fetch_at=timezone.now(), last_error="", last_new=len(fresh)
        )
    return releve
