"""The consumers' side: the list of their deliveries of a profile and the download of a file,
with their API key (`X-Api-Key: <clé>` or `Authorization: Bearer <clé>`). Every download is
recorded (a pickup); a consumer only ever sees its own deliveries."""

from django.http import FileResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from efop.api.models import Consommateur
from efop.api.v1.security import _client_ip
from efop.flux.enums import LivraisonStatus
from efop.flux.exports.remise import record_pickup
from efop.flux.models import Abonnement, FichierLivraison

LISTED = 20
VISIBLE = [LivraisonStatus.A_RETIRER, LivraisonStatus.LIVREE]


def _refus(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse({"code": code, "message": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="efop"'
    return response


def _key(request) -> str:
    bearer = request.headers.get("Authorization", "")
    return (request.headers.get("X-Api-Key") or bearer.removeprefix("Bearer ")).strip()


def _abonnement(request, code: str) -> Abonnement | JsonResponse:
    key = _key(request)
    if not key:
        return _refus(
            401, "cle_absente", "Clé absente : envoyez-la dans l'en-tête X-Api-Key ou Authorization: Bearer."
        )
    consommateur = Consommateur.objects.for_key(key)
    if consommateur is None:
        return _refus(401, "cle_invalide", "Clé d'API inconnue ou désactivée.")
    abonnement = (
        Abonnement.objects.actifs()
        .filter(profil__code=code, consommateur=consommateur)
        .select_related("profil")
        .first()
    )
    if abonnement is None:
        return _refus(404, "profil_inconnu", f"Vous n'êtes pas abonné au profil d'export « {code} ».")
    return abonnement


@require_GET
def livraisons(request, code):
    abonnement = _abonnement(request, code)
    if isinstance(abonnement, JsonResponse):
        return abonnement
    listed = abonnement.livraisons.filter(status__in=VISIBLE).prefetch_related("fichiers")[:LISTED]
    return JsonResponse(
        {
            "profil": abonnement.profil.code,
            "licence": abonnement.profil.licence or None,
            "livraisons": [
                {
                    "id": livraison.pk,
                    "date": livraison.created_at.isoformat(),
                    "mode": livraison.mode,
                    "formations": livraison.formations,
                    "retraits": livraison.retraits,
                    "retiree": livraison.acquittee_at is not None,
                    "fichiers": [
                        {
                            "nom": fichier.nom,
                            "format": fichier.format,
                            "taille": fichier.taille,
                            "sha256": fichier.sha256,
                            "url": request.build_absolute_uri(
                                reverse("exports:api-fichier", args=[code, livraison.pk, fichier.nom])
                            ),
                        }
                        for fichier in livraison.fichiers.all()
                    ],
                }
                for livraison in listed
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def telecharger(request, code, pk, nom):
    abonnement = _abonnement(request, code)
    if isinstance(abonnement, JsonResponse):
        return abonnement
    fichier = FichierLivraison.objects.filter(
        livraison__pk=pk, livraison__abonnement=abonnement, livraison__status__in=VISIBLE, nom=nom
    ).first()
    if fichier is None or not fichier.path.is_file():
        return _refus(
            404,
            "fichier_inconnu",
            f"Aucun fichier « {nom} » dans vos livraisons n° {pk} du profil « {code} ».",
        )
    record_pickup(fichier, abonnement.consommateur, _client_ip(request))
    response = FileResponse(open(fichier.path, "rb"), as_attachment=True, filename=fichier.nom)  # noqa: SIM115
    response["X-Checksum-Sha256"] = fichier.sha256
    if abonnement.profil.licence:
        response["X-Licence"] = abonnement.profil.licence.encode("ascii", "replace").decode()
    return response
