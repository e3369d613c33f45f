from django.urls import path, re_path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("xuat-ngay/", views.export_now, name="export_now"),
    re_path(r"^(?P<name>[a-z_]+)\.(?P<extension>csv|json)$", views.download, name="download"),
]
