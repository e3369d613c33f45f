from django.urls import path

from .views import rounds, sessions, sheets

app_name = "evaluation"
urlpatterns = [
    path("", rounds.round_list, name="rounds"),
    path("quy-che/", rounds.regulation, name="regulation"),
    path("phieu-cua-toi/", sheets.my_sheets, name="my_sheets"),
    path("dot/moi/", rounds.round_create, name="round_create"),
    path("dot/<str:code>/", rounds.round_detail, name="round"),
    path("dot/<str:code>/sua/", rounds.round_edit, name="round_edit"),
    path("dot/<str:code>/trang-thai/", rounds.round_status, name="round_status"),
    path("dot/<str:code>/hoi-dong/", rounds.council, name="council"),
    path("dot/<str:code>/hoi-dong/<int:membership_id>/rut/", rounds.member_remove, name="member_remove"),
    path("dot/<str:code>/phan-cong/", rounds.assign, name="assign"),
    path("phien/<str:code>/", sessions.evaluation_detail, name="evaluation"),
    path("phien/<str:code>/khao-sat/", sessions.site_visit_add, name="site_visit_add"),
    path("phien/<str:code>/ket-thuc/", sessions.close, name="close"),
    path("phien/<str:code>/mo-lai/", sessions.reopen, name="reopen"),
    path("phien/<str:code>/hop/", sessions.call_meeting, name="call_meeting"),
    path("phien/<str:code>/kiem-tra-thuc-te/", sessions.flag_inspection, name="flag_inspection"),
    path("phien/<str:code>/quyet-dinh/", sessions.decide, name="decide"),
    path("phien/<str:code>/rut/", sessions.remove, name="remove"),
    path("phien/<str:code>/phieu/", sheets.sheet, name="sheet"),
    path("phien/<str:code>/phieu/tieu-chi/", sheets.sheet_criterion, name="sheet_criterion"),
    path("phien/<str:code>/phieu/<int:sheet_id>/", sheets.sheet_view, name="sheet_view"),
]
