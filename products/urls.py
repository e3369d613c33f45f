from django.urls import path

from . import views

app_name = "products"
urlpatterns = [
    path("", views.product_list, name="list"),
    path("moi/", views.product_create, name="create"),
    path("<str:code>/", views.product_detail, name="detail"),
    path("<str:code>/sua/", views.product_edit, name="edit"),
    path("<str:code>/xoa/", views.product_delete, name="delete"),
    path("<str:code>/anh/", views.image_add, name="image_add"),
    path("<str:code>/anh/<int:image_id>/xoa/", views.image_remove, name="image_remove"),
    path("<str:code>/so-huu-tri-tue/", views.ip_add, name="ip_add"),
    path("<str:code>/so-huu-tri-tue/<int:title_id>/xoa/", views.ip_remove, name="ip_remove"),
]
