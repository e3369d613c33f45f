from django.urls import path

from . import views

app_name = "signing"
urlpatterns = [
    path("", views.setups, name="setups"),
    path("<str:where>/<str:kind>/", views.edit, name="edit"),
    path("<str:where>/<str:kind>/ky-thu/", views.try_signing, name="try"),
]
