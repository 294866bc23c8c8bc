from django.urls import path

from . import views

app_name = "selections"

urlpatterns = [
    path("", views.etiquettes, name="etiquettes"),
    path("etiquettes/nouvelle/", views.etiquette_new, name="etiquette-new"),
    path("etiquettes/<int:pk>/modifier/", views.etiquette_edit, name="etiquette-edit"),
    path("etiquettes/<int:pk>/supprimer/", views.etiquette_delete, name="etiquette-delete"),
    path("requetes/", views.requetes, name="requetes"),
    path("requetes/nouvelle/", views.requete_new, name="requete-new"),
    path("requetes/<int:pk>/", views.requete, name="requete"),
    path("requetes/<int:pk>/modifier/", views.requete_edit, name="requete-edit"),
    path("requetes/<int:pk>/appliquer/", views.requete_appliquer, name="requete-appliquer"),
    path("requetes/<int:pk>/supprimer/", views.requete_supprimer, name="requete-supprimer"),
    path("formations/<int:pk>/", views.formation, name="formation"),
    path("formations/<int:pk>/etiqueter/", views.formation_etiqueter, name="formation-etiqueter"),
    path("formations/<int:pk>/retirer/<int:etiquette>/", views.formation_retirer, name="formation-retirer"),
]
