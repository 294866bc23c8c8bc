from django.urls import path

from . import retrait, views

app_name = "exports"

urlpatterns = [
    path("", views.profils, name="profils"),
    path("profils/<slug:code>/", views.profil, name="profil"),
    path("profils/<slug:code>/modifier/", views.profil_edit, name="profil-edit"),
    path("profils/<slug:code>/abonnements/", views.abonnement_new, name="abonnement-new"),
    path("abonnements/<int:pk>/livrer/", views.livrer, name="livrer"),
    path("consommateurs/<int:pk>/", views.consommateur, name="consommateur"),
    path("livraisons/<int:pk>/fichiers/<str:nom>", views.fichier, name="fichier"),
    # The consumers' side, with their key (efop.web.exports.retrait)
    path("<slug:code>/livraisons/", retrait.livraisons, name="api-livraisons"),
    path("<slug:code>/livraisons/<int:pk>/<str:nom>", retrait.telecharger, name="api-fichier"),
]
