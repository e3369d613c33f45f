from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/phan-bo/", views.plan_shares, name="plan_shares"),
    path("ke-hoach/<str:code>/sua/", views.plan_edit, name="plan_edit"),
    path("ke-hoach/<str:code>/xoa/", views.plan_delete, name="plan_delete"),
    path("kinh-phi/", views.funding_list, name="fundings"),
    path("kinh-phi/moi/", views.funding_create, name="funding_create"),
    path("kinh-phi/<str:code>/sua/", views.funding_edit, name="funding_edit"),
    path("kinh-phi/<str:code>/xoa/", views.funding_delete, name="funding_delete"),
    path("tu-van/", views.consultant_list, name="consultants"),
    path("tu-van/moi/", views.consultant_create, name="consultant_create"),
    path("tu-van/phan-cong/<str:code>/ket-thuc/", views.assignment_end, name="assignment_end"),
    path("tu-van/<str:code>/", views.consultant_detail, name="consultant"),
    path("tu-van/<str:code>/sua/", views.consultant_edit, name="consultant_edit"),
    path("tu-van/<str:code>/phan-cong/", views.assignment_create, name="assignment_create"),
    path("su-kien/", views.event_list, name="events"),
    path("su-kien/moi/", views.event_create, name="event_create"),
    path("su-kien/mau-diem-danh.xlsx", views.attendance_template, name="attendance_template"),
    path("su-kien/<str:code>/", views.event_detail, name="event"),
    path("su-kien/<str:code>/sua/", views.event_edit, name="event_edit"),
    path("su-kien/<str:code>/xoa/", views.event_delete, name="event_delete"),
    path("su-kien/<str:code>/nguoi-tham-du/", views.attendee_add, name="attendee_add"),
    path("su-kien/<str:code>/nguoi-tham-du/<str:attendee>/xoa/", views.attendee_remove, name="attendee_remove"),
    path("su-kien/<str:code>/nhap-diem-danh/", views.attendance_import, name="attendance_import"),
]
