from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from accounts import urls as accounts_urls
from accounts.forms import AdminLoginForm
from market import urls as market_urls
from producers.views import register
from public.views.home import home

admin.site.login_form = AdminLoginForm

# Signing up opens an account and a pending producer, so its view is the producers app's; its address and name
# stay among the account pages.
account_patterns = [*accounts_urls.urlpatterns, path("dang-ky/", register, name="register")]

urlpatterns = [
    # Before dashboards' own "": anonymous visitors get the shop window, signed-in users their work page.
    path("", home),
    path("", include("dashboards.urls")),
    path("", include("core.urls")),
    # The public pages, the stamp checks among them, before the officers' apps: a URL is matched against the
    # patterns in order, and a check (the busiest URL, printed in every QR code) was tried against every app's
    # first (62 µs a resolution, 15 µs at the top). No other app's pattern matches a public one.
    path("", include("public.urls")),
    # The language switch sits on the public pages too, which are cached whole and carry no CSRF token; a
    # forged switch could only change a visitor's language, and `next` is still checked to be on this site.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("tai-khoan/api/", include("api.pages")),
    path("tai-khoan/", include((account_patterns, "accounts"))),
    path("dia-ban/", include("areas.urls")),
    path("chu-the/", include("producers.urls")),
    path("san-pham/", include("products.urls")),
    path("ho-so/", include("dossiers.urls")),
    path("danh-gia/", include("evaluation.urls")),
    path("lich-su/", include("history.urls")),
    # The certificate import's old addresses, before the certificates' own routes (a number may be any path).
    path("chung-nhan/nhap/", RedirectView.as_view(pattern_name="history:import")),
    path("chung-nhan/nhap/mau.xlsx", RedirectView.as_view(pattern_name="history:import_template")),
    path("chung-nhan/", include("certificates.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("tem/", include("stamps.urls")),
    path("bao-cao/", include("reports.urls")),
    path("chuong-trinh/", include("programme.urls")),
    path("kiem-tra/hop-thu/", include("monitoring.urls")),
    path("kiem-tra/", include("inspections.urls")),
    path("thi-truong/", include("market.urls")),
    path("su-kien/", include((market_urls.public_urlpatterns, "events"))),
    path("tich-hop/webhooks/", include("webhooks.urls")),
    path("ky-so/", include("signing.urls")),
    path("du-lieu-mo/", include("opendata.urls")),
    path("api/", include("api.urls")),
    path("quan-tri/", admin.site.urls),
]

# Vietnamese error pages in the site's look, JSON under /api/ (see core.errors).
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
