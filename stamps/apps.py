from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StampsConfig(AppConfig):
    name = "stamps"
    verbose_name = _("Tem truy xuất")

    def ready(self):
        from django.db.models.signals import post_save

        from producers.models import Producer

        from .domain.following import follow_saved_producer

        post_save.connect(follow_saved_producer, sender=Producer, dispatch_uid="stamps-batches-follow-producer")
