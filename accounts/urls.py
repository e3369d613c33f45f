from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("doi-mat-khau/", views.password_change_view, name="password_change"),
    path("dat-mat-khau/<str:uidb64>/<str:token>/", views.set_password_view, name="set_password"),
    path("dat-mat-khau/xong/", views.set_password_done_view, name="set_password_done"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/moi/", views.user_create, name="user_create"),
    path("nguoi-dung/<str:username>/", views.user_edit, name="user_edit"),
]
