from django.urls import path

from . import views

app_name = "flux"

urlpatterns = [
    path("", views.sources, name="sources"),
    path("sources/nouvelle/", views.source_new, name="source-new"),
    path("sources/<int:pk>/", views.source, name="source"),
    path("sources/<int:pk>/modifier/", views.source_edit, name="source-edit"),
    path("sources/<int:pk>/executer/", views.source_run, name="source-run"),
    path("executions/<int:pk>/", views.run, name="run"),
    path("executions/<int:pk>/fichier/", views.raw_file, name="run-file"),
    path("executions/<int:pk>/relancer/", views.rerun, name="run-rerun"),
    path("executions/<int:pk>/approuver/", views.approve, name="run-approve"),
    path("executions/<int:pk>/rejeter/", views.reject, name="run-reject"),
    path("executions/<int:pk>/annuler/", views.undo, name="run-undo"),
]
