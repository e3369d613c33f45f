from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/<str:code>/", views.plan_detail, name="plan"),
    path("tinh/", views.province_view, name="province"),
    path("bao-cao/", views.report_view, name="report"),
    path("moi/", views.inspection_create, name="create"),
    path("dot/<str:code>/", views.inspection_detail, name="detail"),
    path("dot/<str:code>/chuyen/", views.inspection_transition, name="transition"),
    path("dot/<str:code>/ket-luan/", views.outcome_create, name="outcome"),
    path("dot/<str:code>/kiem-tra/", views.visit_create, name="visit_create"),
    path("lan-kiem-tra/<str:code>/", views.visit_detail, name="visit"),
    path("lan-kiem-tra/<str:code>/tai-lieu/", views.evidence_add, name="evidence_add"),
    path("tai-lieu/<str:code>/", views.evidence_file, name="evidence"),
]
