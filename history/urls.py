from django.urls import path

from . import views

# Mounted at chung-nhan/nhap/, before the certificates' own routes (a certificate number may be any path).
app_name = "history"
urlpatterns = [
    path("", views.certificate_import, name="import"),
    path("mau.xlsx", views.import_template, name="import_template"),
]
