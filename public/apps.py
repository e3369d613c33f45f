from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Trang công khai")

    def ready(self):
        from .cache import connect_invalidation

        connect_invalidation()
