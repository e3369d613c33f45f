from django.urls import path

from . import views

app_name = "stamps"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("dat-in/", views.batch_order, name="order"),
    path("lo/<str:code>/", views.batch_detail, name="batch"),
    path("lo/<str:code>/phat-hanh-lai/", views.batch_resume, name="resume"),
    path("lo/<str:code>/in/", views.sheet_create, name="sheet_create"),
    path("lo/<str:code>/in/<str:sheet>/", views.sheet_download, name="sheet_download"),
    path("lo/<str:code>/in/<str:sheet>/tao-lai/", views.sheet_resume, name="sheet_resume"),
    path("lo/<str:code>/csv/", views.batch_csv, name="csv"),
    path("lo/<str:code>/thu-hoi/", views.batch_revoke, name="revoke_batch"),
    path("lo/<str:code>/thu-hoi-tem/", views.stamps_revoke, name="revoke_stamps"),
]
