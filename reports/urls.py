from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report, name="report"),
    path("bao-cao.xlsx", views.report_xlsx, name="xlsx"),
    path("bao-cao.pdf", views.report_pdf, name="pdf"),
]
