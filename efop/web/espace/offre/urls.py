from django.urls import path, register_converter

from . import rows, suggestions, views

register_converter(rows.KindConverter, "kind")

urlpatterns = [
    path("", views.tableau_de_bord, name="tableau-de-bord"),
    path("formations/", views.formations, name="formations"),
    path("formations/nouvelle/", views.formation_create, name="formation-nouvelle"),
    path("formations/<int:pk>/", views.formation, name="formation"),
    path("formations/<int:pk>/soumettre/", views.formation_submit, name="formation-soumettre"),
    path("formations/<int:pk>/dupliquer/", views.formation_duplicate, name="formation-dupliquer"),
    path("actions/<int:pk>/dupliquer/", views.action_duplicate, name="action-dupliquer"),
    path("actions/<int:pk>/sessions/", views.sessions_add, name="sessions-ajouter"),
    path("actions/<int:pk>/sessions/fermer/", views.sessions_close, name="sessions-fermer"),
    path(
        "actions/<int:pk>/sessions/annee-suivante/", views.sessions_next_year, name="sessions-annee-suivante"
    ),
    path("suggestions/communes/", suggestions.communes, name="suggestions-communes"),
    path("suggestions/codes/", suggestions.codes, name="suggestions-codes"),
    path("suggestions/certifications/", suggestions.certifications, name="suggestions-certifications"),
    path("<kind:kind>/nouveau/<int:parent_pk>/", views.row_create, name="ajouter"),
    path("<kind:kind>/<int:pk>/", views.row_edit, name="ligne"),
    path("<kind:kind>/<int:pk>/supprimer/", views.row_delete, name="supprimer"),
]
