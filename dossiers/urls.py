from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("moi/", views.application_create, name="create"),
    path("xa/", views.commune_worklist, name="commune_worklist"),
    path("tinh/", views.province_worklist, name="province_worklist"),
    path("tai-lieu/", views.document_list, name="documents"),
    path("tai-lieu/tai-len/", views.document_upload, name="document_upload"),
    path("tai-lieu/<str:code>/", views.document_file, name="document_file"),
    path("tai-lieu/<str:code>/sua/", views.document_edit, name="document_edit"),
    path("<str:code>/", views.application_detail, name="detail"),
    path("<str:code>/sua/", views.application_edit, name="edit"),
    path("<str:code>/xoa/", views.application_delete, name="delete"),
    path("<str:code>/nop/", views.application_submit, name="submit"),
    path("<str:code>/tu-danh-gia/", views.self_assessment, name="self_assessment"),
    path("<str:code>/tu-danh-gia/xem-truoc/", views.self_score_preview, name="preview"),
    path("<str:code>/minh-chung/", views.evidence_attach, name="evidence_attach"),
    path("<str:code>/minh-chung/tai-len/", views.evidence_upload, name="evidence_upload"),
    path("<str:code>/minh-chung/<int:pk>/go/", views.evidence_detach, name="evidence_detach"),
    path("<str:code>/minh-chung/<int:pk>/xac-nhan/", views.evidence_confirm, name="evidence_confirm"),
    path("<str:code>/xa-danh-gia/", views.commune_review, name="commune_review"),
    path("<str:code>/mau-03/<int:pk>/", views.form_03, name="form_03"),
    path("<str:code>/tiep-nhan/", views.receive, name="receive"),
    path("<str:code>/tra-lai/", views.province_return, name="province_return"),
]
