from django.urls import path

from . import views

app_name = "producers"
urlpatterns = [
    path("", views.producer_list, name="list"),
    path("moi/", views.producer_create, name="create"),
    path("<str:code>/", views.producer_detail, name="detail"),
    path("<str:code>/sua/", views.producer_edit, name="edit"),
    path("<str:code>/xac-minh/", views.producer_verify, name="verify"),
    path("<str:code>/xoa/", views.producer_delete, name="delete"),
]
