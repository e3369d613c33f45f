from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("da-doc/", views.mark_all_read, name="read_all"),
    path("so-chua-doc/", views.badge, name="badge"),
    path("<int:pk>/da-doc/", views.mark_read, name="read"),
]
