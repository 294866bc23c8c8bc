from django.urls import path

from . import gestion

app_name = "gestion_ressources"

urlpatterns = [
    path("", gestion.ressources, name="ressources"),
    path("nouvelle/", gestion.ressource_new, name="ressource-new"),
    path("import/", gestion.ressources_import, name="import"),
    path("<int:pk>/", gestion.ressource, name="ressource"),
    path("<int:pk>/publier/", gestion.ressource_publier, name="ressource-publier"),
    path("<int:pk>/archiver/", gestion.ressource_archiver, name="ressource-archiver"),
    path("<int:pk>/pieces/", gestion.piece_ajouter, name="piece-ajouter"),
    path("<int:pk>/pieces/<int:piece_pk>/supprimer/", gestion.piece_supprimer, name="piece-supprimer"),
    path("themes/", gestion.themes, name="themes"),
    path("themes/<int:pk>/", gestion.theme, name="theme"),
    path("veille/", gestion.veille, name="veille"),
    path("veille/sources/nouvelle/", gestion.source_form, name="source-new"),
    path("veille/sources/<int:pk>/", gestion.source_form, name="source"),
    path("veille/sources/<int:pk>/relever/", gestion.source_relever, name="source-relever"),
    path("veille/elements/<int:pk>/", gestion.element_decider, name="element"),
    path("lettres/", gestion.lettres, name="lettres"),
    path("lettres/nouvelle/", gestion.lettre_form, name="lettre-new"),
    path("lettres/<int:pk>/", gestion.lettre_form, name="lettre"),
    path("lettres/<int:pk>/apercu/", gestion.lettre_apercu, name="lettre-apercu"),
    path("lettres/<int:pk>/apercu.html", gestion.lettre_apercu_html, name="lettre-apercu-html"),
    path("lettres/<int:pk>/envoyer/", gestion.lettre_envoyer, name="lettre-envoyer"),
]
