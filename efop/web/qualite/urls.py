from django.urls import path

from . import staff, views

app_name = "qualite"

urlpatterns = [
    path("regles/", views.regles, name="regles"),
    path("tableau-de-bord/", staff.tableau_de_bord, name="tableau-de-bord"),
    path("constats/", staff.constats, name="constats"),
    path("constats/<int:pk>/deroger/", staff.deroger, name="deroger"),
    path("derogations/<int:pk>/revoquer/", staff.revoquer, name="revoquer"),
    path("enregistrements/<str:record_type>/<int:record_id>/", staff.enregistrement, name="enregistrement"),
    path("executions/", staff.executions, name="executions"),
    path("organismes/<int:pk>/", staff.rapport_organisme, name="rapport-organisme"),
    path("organismes/<int:pk>/rapport.csv", staff.rapport_organisme_csv, name="rapport-organisme-csv"),
    path("organismes/<int:pk>/envoyer/", staff.rapport_organisme_envoyer, name="rapport-organisme-envoyer"),
    path("sources/<slug:code>/", staff.rapport_source, name="rapport-source"),
    path("sources/<slug:code>/rapport.csv", staff.rapport_source_csv, name="rapport-source-csv"),
    path("sources/<slug:code>/envoyer/", staff.rapport_source_envoyer, name="rapport-source-envoyer"),
]
