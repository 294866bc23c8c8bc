from django.urls import path

from . import views

urlpatterns = [
    path("plateaux/", views.plateaux, name="plateaux"),
    path("plateaux/nouveau/", views.plateau_create, name="plateau-nouveau"),
    path("plateaux/<int:pk>/", views.plateau, name="plateau"),
    path("plateaux/<int:pk>/soumettre/", views.plateau_submit, name="plateau-soumettre"),
    path("plateaux/<int:pk>/supprimer/", views.plateau_delete, name="plateau-supprimer"),
    path("plateaux/<int:pk>/photos/", views.photo_add, name="plateau-photo-ajouter"),
    path("plateaux/photos/<int:pk>/supprimer/", views.photo_delete, name="plateau-photo-supprimer"),
    path("actions/<int:pk>/plateaux/", views.action_plateaux, name="action-plateaux"),
]
