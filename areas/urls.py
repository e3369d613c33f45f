from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.search, name="search"),
    path("xa/", views.commune_options, name="commune_options"),
    path("<str:era>/<str:level>/<str:code>/", views.detail, name="detail"),
]
