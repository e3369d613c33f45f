from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("khieu-nai/", views.complaint, name="complaint"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/xu-ly/", views.triage, name="triage"),
    path("<str:code>/tra-loi/", views.answer, name="answer"),
    path("<str:code>/anh/", views.photo, name="photo"),
]
