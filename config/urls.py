from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "efop — administration"
admin.site.site_title = "efop"
admin.site.index_title = "Bases et référentiels"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
