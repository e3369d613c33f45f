from django.urls import path

from . import decision_views, views

# Numbers of imported certificates are the ones printed on them and may contain "/" (e.g. 15/GCN-UBND), so
# they are matched with the `path` converter; the routes with a suffix come before the bare number.
app_name = "certificates"
urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("<path:number>/ban-in.pdf", views.certificate_pdf, name="pdf"),
    path("<path:number>/quyet-dinh/<slug:kind>/", decision_views.decision_detail, name="decision"),
    path("<path:number>/quyet-dinh/<slug:kind>.pdf", decision_views.decision_file, name="decision_file"),
    path("<path:number>/thu-hoi/", views.certificate_withdraw, name="withdraw"),
    path("<path:number>/gia-han/", views.certificate_extend, name="extend"),
    path("<path:number>/", views.certificate_detail, name="detail"),
]
