from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscriptions, name="list"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/trang-thai/", views.toggle, name="toggle"),
]
