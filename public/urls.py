"""Public pages, mounted at the site root (core.urls owns "healthz" and "favicon.ico"). The site's home "" is
`views.home.home`, routed in ocop/urls.py before dashboards.urls: the shop window for anonymous visitors, the
work page (dashboards) for signed-in users; the shop window is at "ocop/" for everyone.

Stamp URLs are printed in QR codes and must never change: `/s/<serial>` and the GS1 Digital Link
`/01/<GTIN>/10/<lot>/21/<serial>` (or without the lot); both serve the verification page directly. A lot may
contain "/" (GS1 character set 82), so the lot is everything between "/10/" and the last "/21/"."""

from django.urls import path, re_path

from .views import catalogue, epcis, home, reports, signed, verify

app_name = "public"
urlpatterns = [
    re_path(r"^s/(?P<serial>[^/]+)/?$", verify.stamp, name="stamp"),
    re_path(r"^s/(?P<serial>[^/]+)/vi-tri/$", verify.locate, name="locate"),
    re_path(r"^01/(?P<gtin>\d{8,14})/10/(?P<lot>.+)/21/(?P<serial>[^/]+)/?$", verify.digital_link, name="digital_link"),
    re_path(r"^01/(?P<gtin>\d{8,14})/21/(?P<serial>[^/]+)/?$", verify.digital_link, name="digital_link_serial"),
    re_path(r"^01/(?P<gtin>\d{8,14})/?$", verify.gtin_only, name="gtin"),
    path("kiem-tra-tem/", verify.check, name="check"),
    path("kiem-tra-van-ban/", signed.check_signed_file, name="signed_check"),
    path("bao-hang-gia/", reports.report, name="report"),
    path("bao-hang-gia/da-gui/", reports.report_sent, name="report_sent"),
    path("bao-hang-gia/anh/", reports.report_photo, name="report_photo"),
    path("bao-hang-gia/theo-doi/", reports.follow, name="report_follow"),
    path("hop-thu-phan-anh/", reports.inbox, name="inbox"),
    path("hop-thu-phan-anh/<str:code>/", reports.inbox_detail, name="inbox_detail"),
    path("hop-thu-phan-anh/<str:code>/anh/", reports.inbox_photo, name="inbox_photo"),
    path("san-pham-ocop/", catalogue.catalogue, name="catalogue"),
    path("san-pham-ocop/<str:code>/", catalogue.product, name="product"),
    path("chu-the-ocop/<str:code>/", catalogue.producer, name="producer"),
    path("ocop/", home.shop_window, name="home"),
    path("diem-ban-ocop/<str:code>/", home.sales_point, name="sales_point"),
    path("truy-xuat/lo/<str:code>/epcis.jsonld", epcis.batch_epcis, name="batch_epcis"),
]
