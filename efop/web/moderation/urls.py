from django.urls import path

from . import annuaire, plateaux, views

app_name = "moderation"

urlpatterns = [
    path("", views.file, name="file"),
    path("soumissions/<int:pk>/", views.soumission, name="soumission"),
    path("soumissions/<int:pk>/accepter/", views.accepter, name="accepter"),
    path("soumissions/<int:pk>/retourner/", views.retourner, name="retourner"),
    path("soumissions/<int:pk>/corriger/", views.corriger, name="corriger"),
    path("formations/<int:pk>/", views.formation, name="formation"),
    path("formations/<int:pk>/historique/", views.historique, name="historique"),
    path("formations/<int:pk>/retirer/", views.retirer, name="retirer"),
    path("formations/<int:pk>/archiver/", views.archiver, name="archiver"),
    path("annuaire/", annuaire.recherche, name="annuaire"),
    path("plateaux/", plateaux.file, name="plateaux"),
    path("plateaux/<int:pk>/", plateaux.plateau, name="plateau"),
    path("plateaux/<int:pk>/publier/", plateaux.publier, name="plateau-publier"),
    path("plateaux/<int:pk>/retourner/", plateaux.retourner, name="plateau-retourner"),
]
