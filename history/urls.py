from django.urls import path

from . import views

# Mounted at lich-su/; the old address of the certificate import, chung-nhan/nhap/, redirects here (ocop/urls.py).
app_name = "history"
urlpatterns = [
    path("nhap/", views.import_page, name="import"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
    path("nhap/<str:code>/", views.job_detail, name="job"),
    path("nhap/<str:code>/nhap/", views.job_import, name="job_import"),
    path("nhap/<str:code>/chay-lai/", views.job_resume, name="job_resume"),
    path("xuat/", views.export, name="export"),
]
