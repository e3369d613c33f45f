from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminLoginForm

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", include("core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("accounts.urls")),
    path("dia-ban/", include("areas.urls")),
    path("chu-the/", include("producers.urls")),
    path("san-pham/", include("products.urls")),
    path("ho-so/", include("dossiers.urls")),
    path("danh-gia/", include("evaluation.urls")),
    path("chung-nhan/", include("certificates.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("tem/", include("stamps.urls")),
    path("", include("public.urls")),
    path("api/", include("api.urls")),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
